namespace Nn.Dense.Onnx;

/// <summary>One layer as it is assembled from one or more nodes.</summary>
internal sealed class LayerParts(int inputs, int outputs, float[] weights)
{
    public int Inputs { get; } = inputs;
    public int Outputs { get; } = outputs;
    public float[] Biases { get; set; } = new float[outputs];
    public Activation? Activation { get; set; }
    public float NegativeSlope { get; set; } = 0.01f;

    public DenseLayer ToLayer()
    {
        var layer = new DenseLayer(Inputs, Outputs, Activation ?? Dense.Activation.Identity) { NegativeSlope = NegativeSlope };
        layer.CopyWeightsFrom(weights);
        layer.CopyBiasesFrom(Biases);
        return layer;
    }
}
