using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Single;
using Nn.Dense;

namespace SimdNn.Perf;

/// <summary>The plain-loop peer: the forward pass as a textbook writes it (one dot product per output).</summary>
internal sealed class NaiveNetwork
{
    private readonly (float[] Weights, float[] Biases, int Inputs, int Outputs, Activation Activation)[] layers;
    private readonly float[] scratchA;
    private readonly float[] scratchB;

    public NaiveNetwork(Network network, int maxBatch)
    {
        layers = network.Layers.Select(l => (l.Weights.ToArray(), l.Biases.ToArray(), l.Inputs, l.Outputs, l.Activation)).ToArray();
        int widest = network.Layers.Max(l => l.Outputs);
        scratchA = new float[maxBatch * widest];
        scratchB = new float[maxBatch * widest];
    }

    public void Predict(float[] inputs, int batch, float[] outputs)
    {
        float[] current = inputs;
        for (int l = 0; l < layers.Length; l++)
        {
            var (w, b, n, m, activation) = layers[l];
            float[] next = l == layers.Length - 1 ? outputs : (l % 2 == 0 ? scratchA : scratchB);
            for (int r = 0; r < batch; r++)
            {
                for (int j = 0; j < m; j++)
                {
                    float sum = b[j];
                    for (int i = 0; i < n; i++) sum += w[j * n + i] * current[r * n + i];
                    next[r * m + j] = activation == Activation.Relu ? MathF.Max(sum, 0) : sum;
                }

                if (activation == Activation.Softmax) SoftmaxRow(next.AsSpan(r * m, m));
            }

            current = next;
        }
    }

    internal static void SoftmaxRow(Span<float> row)
    {
        float max = float.NegativeInfinity;
        foreach (float v in row) max = MathF.Max(max, v);
        float sum = 0;
        for (int j = 0; j < row.Length; j++) sum += row[j] = MathF.Exp(row[j] - max);
        for (int j = 0; j < row.Length; j++) row[j] /= sum;
    }
}

/// <summary>
/// The MathNet.Numerics peer (managed provider): per layer H = X·Wᵀ into a preallocated matrix,
/// then bias, ReLU or softmax over its column-major storage.
/// </summary>
internal sealed class MathNetNetwork
{
    private readonly Matrix<float>[] weights;
    private readonly float[][] biases;
    private readonly Activation[] activations;
    private readonly Matrix<float> input;
    private readonly Matrix<float>[] results;
    private readonly float[] row;

    public MathNetNetwork(Network network, int batch)
    {
        Control.UseManaged();
        weights = network.Layers.Select(l => Matrix<float>.Build.DenseOfRowMajor(l.Outputs, l.Inputs, l.Weights.ToArray())).ToArray();
        biases = network.Layers.Select(l => l.Biases.ToArray()).ToArray();
        activations = network.Layers.Select(l => l.Activation).ToArray();
        input = new DenseMatrix(batch, network.InputSize);
        results = network.Layers.Select(l => (Matrix<float>)new DenseMatrix(batch, l.Outputs)).ToArray();
        row = new float[network.OutputSize];
    }

    public void Predict(float[] inputs, int batch, float[] outputs)
    {
        // MathNet stores column-major: copy the row-major samples in (part of the cost of using it).
        var x = ((DenseMatrix)input).Values;
        int n = input.ColumnCount;
        for (int r = 0; r < batch; r++)
        {
            for (int i = 0; i < n; i++) x[i * batch + r] = inputs[r * n + i];
        }

        Matrix<float> current = input;
        for (int l = 0; l < weights.Length; l++)
        {
            current.TransposeAndMultiply(weights[l], results[l]);
            var values = ((DenseMatrix)results[l]).Values;
            var b = biases[l];
            for (int j = 0; j < b.Length; j++)
            {
                for (int r = 0; r < batch; r++)
                {
                    float v = values[j * batch + r] + b[j];
                    values[j * batch + r] = activations[l] == Activation.Relu ? MathF.Max(v, 0) : v;
                }
            }

            current = results[l];
        }

        var last = ((DenseMatrix)current).Values;
        int m = current.ColumnCount;
        for (int r = 0; r < batch; r++)
        {
            for (int j = 0; j < m; j++) row[j] = last[j * batch + r];
            if (activations[^1] == Activation.Softmax) NaiveNetwork.SoftmaxRow(row);
            row.AsSpan().CopyTo(outputs.AsSpan(r * m, m));
        }
    }
}
