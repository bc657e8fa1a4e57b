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

    /// <summary>f(z) = z for z &gt; 0, else slope·z (<see cref="DenseLayer.NegativeSlope"/>).</summary>
    LeakyRelu,

    /// <summary>Row-wise softmax; allowed only on the last layer of a network.</summary>
    Softmax,
}
