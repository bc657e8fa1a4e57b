using Nn.Dense;

namespace SimdNn.Cli.Training;

/// <summary>
/// Per-feature standardization x' = (x − μ)/σ, fitted on the training rows only. After training it
/// is folded into the first layer (W' = W/σ column-wise, b' = b − W'·μ), so the saved model takes raw
/// features and needs no side file.
/// </summary>
internal sealed class Standardizer
{
    private readonly double[] mean;
    private readonly double[] scale;

    private Standardizer(double[] mean, double[] scale)
    {
        this.mean = mean;
        this.scale = scale;
    }

    public static Standardizer Fit(float[] features, int samples, int featureCount)
    {
        var mean = new double[featureCount];
        var scale = new double[featureCount];
        for (int i = 0; i < samples; i++)
        {
            for (int j = 0; j < featureCount; j++) mean[j] += features[i * featureCount + j];
        }

        for (int j = 0; j < featureCount; j++) mean[j] /= Math.Max(samples, 1);
        for (int i = 0; i < samples; i++)
        {
            for (int j = 0; j < featureCount; j++)
            {
                double d = features[i * featureCount + j] - mean[j];
                scale[j] += d * d;
            }
        }

        for (int j = 0; j < featureCount; j++)
        {
            double std = Math.Sqrt(scale[j] / Math.Max(samples, 1));
            // A constant feature (a border pixel that is always 0) is only centred.
            scale[j] = std > 1e-12 ? std : 1.0;
        }

        return new Standardizer(mean, scale);
    }

    public float[] Transform(float[] features, int samples)
    {
        int featureCount = mean.Length;
        var result = new float[features.Length];
        for (int i = 0; i < samples; i++)
        {
            for (int j = 0; j < featureCount; j++)
            {
                result[i * featureCount + j] = (float)((features[i * featureCount + j] - mean[j]) / scale[j]);
            }
        }

        return result;
    }

    /// <summary>Makes the network take raw features: W' = W/σ column-wise, b' = b − W'·μ (in double, rounded once).</summary>
    public void FoldInto(Network network)
    {
        var layer = network.Layers[0];
        var weights = layer.Weights;
        var biases = layer.Biases;
        int inputs = layer.Inputs;
        for (int o = 0; o < layer.Outputs; o++)
        {
            double shift = 0;
            for (int j = 0; j < inputs; j++)
            {
                float w = (float)(weights[o * inputs + j] / scale[j]);
                shift += w * mean[j];
                weights[o * inputs + j] = w;
            }

            biases[o] = (float)(biases[o] - shift);
        }
    }
}
