using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Single;
using Nn.Dense;

namespace SimdNn.Perf;

/// <summary>
/// The MathNet.Numerics peer for a training step (managed provider, single thread): the same math as
/// Backprop + Sgd (ReLU hidden layers, Softmax + CrossEntropy with class indices, fused y − t, mean over
/// the batch, plain SGD), written with MathNet matrices: Z = X·Wᵀ, dW = dZᵀ·A, dA = dZ·W; bias, activation
/// and update loops over MathNet's column-major storage. All matrices are preallocated.
/// </summary>
internal sealed class MathNetTrainer
{
    private readonly DenseMatrix[] weights;
    private readonly float[][] biases;
    private readonly DenseMatrix[] weightsGrad;
    private readonly float[][] biasesGrad;
    private readonly DenseMatrix input;
    private readonly DenseMatrix[] z;
    private readonly DenseMatrix[] dz;
    private readonly DenseMatrix[] da;
    private readonly int batch;

    public MathNetTrainer(Network network, int batch)
    {
        Control.UseManaged();
        Control.UseSingleThread();
        this.batch = batch;
        var layers = network.Layers;
        weights = layers.Select(l => (DenseMatrix)Matrix<float>.Build.DenseOfRowMajor(l.Outputs, l.Inputs, l.Weights.ToArray())).ToArray();
        biases = layers.Select(l => l.Biases.ToArray()).ToArray();
        weightsGrad = layers.Select(l => new DenseMatrix(l.Outputs, l.Inputs)).ToArray();
        biasesGrad = layers.Select(l => new float[l.Outputs]).ToArray();
        input = new DenseMatrix(batch, network.InputSize);
        z = layers.Select(l => new DenseMatrix(batch, l.Outputs)).ToArray();
        dz = layers.Select(l => new DenseMatrix(batch, l.Outputs)).ToArray();
        da = layers.Select(l => new DenseMatrix(batch, l.Inputs)).ToArray();
    }

    public float Step(float[] inputs, float[] labels, float learningRate)
    {
        // MathNet stores column-major: copy the row-major samples in (part of the cost of using it).
        var x = input.Values;
        int n = input.ColumnCount;
        for (int r = 0; r < batch; r++)
        {
            for (int i = 0; i < n; i++) x[i * batch + r] = inputs[r * n + i];
        }

        int last = weights.Length - 1;
        Matrix<float> current = input;
        for (int l = 0; l <= last; l++)
        {
            current.TransposeAndMultiply(weights[l], z[l]);
            var values = z[l].Values;
            var b = biases[l];
            for (int j = 0; j < b.Length; j++)
            {
                for (int r = 0; r < batch; r++)
                {
                    float v = values[j * batch + r] + b[j];
                    values[j * batch + r] = l == last ? v : MathF.Max(v, 0);
                }
            }

            current = z[l];
        }

        // Softmax + cross-entropy, fused: dZ = (softmax(z) − onehot) / batch.
        float loss = 0;
        var logits = z[last].Values;
        var top = dz[last].Values;
        int classes = z[last].ColumnCount;
        for (int r = 0; r < batch; r++)
        {
            float max = float.NegativeInfinity;
            for (int j = 0; j < classes; j++) max = MathF.Max(max, logits[j * batch + r]);
            float sum = 0;
            for (int j = 0; j < classes; j++) sum += top[j * batch + r] = MathF.Exp(logits[j * batch + r] - max);
            int label = (int)labels[r];
            loss += MathF.Log(sum) + max - logits[label * batch + r];
            for (int j = 0; j < classes; j++) top[j * batch + r] = (top[j * batch + r] / sum - (j == label ? 1 : 0)) / batch;
        }

        for (int l = last; l >= 0; l--)
        {
            if (l < last)
            {
                // dZ = dH ⊙ ReLU'(Z); Z holds ReLU(Z) here, positive exactly where Z was.
                var dh = da[l + 1].Values;
                var h = z[l].Values;
                var d = dz[l].Values;
                for (int i = 0; i < d.Length; i++) d[i] = h[i] > 0 ? dh[i] : 0;
            }

            Matrix<float> a = l == 0 ? input : z[l - 1];
            dz[l].TransposeThisAndMultiply(a, weightsGrad[l]);
            var dzValues = dz[l].Values;
            var db = biasesGrad[l];
            for (int j = 0; j < db.Length; j++)
            {
                float s = 0;
                for (int r = 0; r < batch; r++) s += dzValues[j * batch + r];
                db[j] = s;
            }

            if (l > 0) dz[l].Multiply(weights[l], da[l]);
        }

        for (int l = 0; l <= last; l++)
        {
            var w = weights[l].Values;
            var g = weightsGrad[l].Values;
            for (int i = 0; i < w.Length; i++) w[i] -= learningRate * g[i];
            var b = biases[l];
            var gb = biasesGrad[l];
            for (int i = 0; i < b.Length; i++) b[i] -= learningRate * gb[i];
        }

        return loss / batch;
    }
}
