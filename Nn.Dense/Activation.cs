namespace Nn.Dense;

/// <summary>The activation f applied after a dense layer's affine map: a = f(z).</summary>
public enum Activation
{
    /// <summary>f(z) = z.</summary>
    Identity,

    /// <summary>f(z) = 1 / (1 + e^(−z)).</summary>
    Sigmoid,

    /// <summary>f(z) = tanh(z).</summary>
    Tanh,

    /// <summary>f(z) = max(z, 0); f'(0) = 0.</summary>
    Relu,

    /// <summary>f(z) = z for z &gt; 0, else slope·z (<see cref="DenseLayer.NegativeSlope"/>, default 0.01).</summary>
    LeakyRelu,

    /// <summary>Row-wise softmax; allowed only on the last layer of a network.</summary>
    Softmax,

    /// <summary>f(z) = z·Φ(z) = z·½(1 + erf(z/√2)), the exact GELU (PyTorch's nn.GELU() default).</summary>
    Gelu,

    /// <summary>f(z) = z·σ(z), SiLU or swish (PyTorch's nn.SiLU).</summary>
    Silu,

    /// <summary>f(z) = z for z &gt; 0, else alpha·(e^z − 1), with alpha = <see cref="DenseLayer.ActivationParameter"/> (default 1).</summary>
    Elu,

    /// <summary>f(z) = min(max(z, 0), 6) (PyTorch's nn.ReLU6); f'(0) = f'(6) = 0.</summary>
    Relu6,

    /// <summary>Row-wise log-softmax z − log Σ e^z (log-probabilities); allowed only on the last layer of a network.</summary>
    LogSoftmax,

    /// <summary>
    /// f(z) = ½z·(1 + tanh(√(2/π)(z + 0.044715z³))), GELU's tanh approximation (PyTorch's nn.GELU(approximate='tanh')),
    /// which differs from <see cref="Gelu"/> by up to about 5·10⁻⁴.
    /// </summary>
    GeluTanh,
}
