namespace Nn.Dense.Onnx;

/// <summary>One layer as it is assembled from one or more nodes.</summary>
internal sealed class LayerParts(int inputs, int outputs, float[] weights)
{
    public int Inputs { get; } = inputs;
    public int Outputs { get; } = outputs;
    public float[] Biases { get; set; } = new float[outputs];
    public Activation? Activation { get; set; }
    /// <summary>The activation's parameter (LeakyRelu slope, Elu alpha); null keeps the layer's default.</summary>
    public float? ActivationParameter { get; set; }

    public DenseLayer ToLayer()
    {
        var activation = Activation ?? Dense.Activation.Identity;
        var layer = ActivationParameter is { } parameter
            ? new DenseLayer(Inputs, Outputs, activation) { ActivationParameter = parameter }
            : new DenseLayer(Inputs, Outputs, activation);
        layer.CopyWeightsFrom(weights);
        layer.CopyBiasesFrom(Biases);
        return layer;
    }
}
