namespace Nn.Dense;

/// <summary>
/// How <see cref="Network.Initialize(int, WeightInitialization)"/> draws a layer's starting weights
/// and biases; fan_in is the layer's Inputs, fan_out its Outputs.
/// </summary>
public enum WeightInitialization
{
    /// <summary>
    /// Normal weights, biases 0. He (Kaiming normal, std √(2/fan_in)) for rectifier-like activations
    /// (ReLU, LeakyReLU and every other activation that is not Identity, Sigmoid, Tanh or Softmax);
    /// Xavier/Glorot (normal, std √(2/(fan_in + fan_out))) for Identity, Sigmoid, Tanh and Softmax.
    /// What <see cref="Network.Initialize(int)"/> draws.
    /// </summary>
    HeXavier,

    /// <summary>
    /// PyTorch's nn.Linear default (reset_parameters): weights kaiming_uniform_ with a = √5, which is
    /// U(−b, b) with b = gain·√3/√fan_in, gain = √(2/(1 + a²)) = √(1/3), so b = 1/√fan_in (variance
    /// 1/(3·fan_in)); biases U(−1/√fan_in, 1/√fan_in). The same for every activation. Choose it to
    /// reproduce a PyTorch recipe; the bounds match, the drawn values do not (another generator).
    /// </summary>
    PyTorchLinear,
}
