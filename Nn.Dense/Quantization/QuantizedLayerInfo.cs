namespace Nn.Dense;

/// <summary>What a layer of a <see cref="QuantizedNetwork"/> computes: H = f(norm(A·Wᵀ + b)), W being Outputs × Inputs.</summary>
/// <param name="Inputs">Columns of W.</param>
/// <param name="Outputs">Rows of W.</param>
/// <param name="Activation">f.</param>
/// <param name="Normalization">Layer normalization, or none (batch normalization is folded into W and b).</param>
public readonly record struct QuantizedLayerInfo(int Inputs, int Outputs, Activation Activation, Normalization Normalization);
