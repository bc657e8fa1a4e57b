using Numerics.Simd;

namespace Nn.Dense;

/// <summary>
/// H = f(Z) for a batch × width matrix, for every <see cref="Activation"/>: the one place an activation
/// value maps to its kernel, shared by <see cref="DenseLayer"/> and the quantized layers.
/// </summary>
internal static class ActivationMap
{
    /// <summary>
    /// h = f(z) element-wise (Softmax and LogSoftmax per row of <paramref name="width"/>); h may be z.
    /// <paramref name="parameter"/> is LeakyRelu's negative slope or Elu's alpha (<see cref="DenseLayer.ActivationParameter"/>).
    /// </summary>
    public static void Apply(Activation activation, float parameter, ReadOnlySpan<float> z, int batch, int width, Span<float> h)
    {
        switch (activation)
        {
            case Activation.Identity: if (!z.Overlaps(h)) z.CopyTo(h); break;
            case Activation.Sigmoid: Activations.Sigmoid(z, h); break;
            case Activation.Tanh: Activations.Tanh(z, h); break;
            case Activation.Relu: Activations.Relu(z, h); break;
            case Activation.LeakyRelu: Activations.LeakyRelu(z, parameter, h); break;
            case Activation.Softmax: Activations.Softmax(z, batch, width, h); break;
            case Activation.Gelu: Activations.Gelu(z, h); break;
            case Activation.GeluTanh: Activations.GeluTanh(z, h); break;
            case Activation.Silu: Activations.Silu(z, h); break;
            case Activation.Elu: Activations.Elu(z, parameter, h); break;
            case Activation.Relu6: Activations.Relu6(z, h); break;
            case Activation.LogSoftmax: Activations.LogSoftmax(z, batch, width, h); break;
        }
    }
}
