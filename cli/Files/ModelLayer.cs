using Nn.Dense;

namespace SimdNn.Cli.Files;

/// <summary>One layer as shown: H = f(norm(A·Wᵀ + b)), W being Outputs × Inputs.</summary>
/// <param name="Inputs">Columns of W.</param>
/// <param name="Outputs">Rows of W.</param>
/// <param name="Activation">f.</param>
/// <param name="ActivationParameter">LeakyRelu's slope or Elu's alpha when known (a quantized file keeps it, but its network does not show it); else null.</param>
/// <param name="Normalization">Batch (float only: quantizing folds it into W and b), layer, or none.</param>
/// <param name="DropoutRate">Training-only dropout (0 in a quantized model, which is inference only).</param>
/// <param name="Parameters">Learned values: weights, biases and normalization's γ and β.</param>
internal sealed record ModelLayer(int Inputs, int Outputs, Activation Activation, float? ActivationParameter, Normalization Normalization, float DropoutRate, long Parameters);
