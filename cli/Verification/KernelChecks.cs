using Numerics.Simd;

namespace SimdNn.Cli.Verification;

/// <summary>
/// Every kernel against the naive double reference on random shapes, on the instruction-set path
/// of this process. Tolerances come from error analysis with unit roundoff u = 2^-24:
/// a length-k dot product is within 2(k+2)·u·(|α|·Σ|a·b| + |β·c|) of the exact value; element-wise
/// functions built on a float exp are within a few ulps (16u relative plus 16u absolute); softmax
/// adds a sum of cols terms, 2(cols+16)·u relative.
/// </summary>
internal static class KernelChecks
{
    private const double U = 1.0 / (1 << 24);

    public static IEnumerable<CheckResult> All(int seed)
    {
        foreach (var ta in new[] { false, true })
        {
            foreach (var tb in new[] { false, true })
            {
                yield return GemmCheck(ta, tb, seed);
            }
        }

        yield return GemvCheck(false, seed);
        yield return GemvCheck(true, seed);
        yield return Elementwise("Sigmoid", seed, (x, y) => Activations.Sigmoid(x, y), Reference.Sigmoid);
        yield return Elementwise("Tanh", seed, (x, y) => Activations.Tanh(x, y), Math.Tanh);
        yield return Elementwise("Relu", seed, (x, y) => Activations.Relu(x, y), x => Math.Max(x, 0));
        yield return Elementwise("LeakyRelu", seed, (x, y) => Activations.LeakyRelu(x, 0.01f, y), x => x > 0 ? x : 0.01f * x);
        yield return GradCheck("SigmoidGrad", seed, (y, dy, dx) => Activations.SigmoidGrad(y, dy, dx), (y, dy) => dy * y * (1 - y), unitInterval: true);
        yield return GradCheck("TanhGrad", seed, (y, dy, dx) => Activations.TanhGrad(y, dy, dx), (y, dy) => dy * (1 - y * y), unitInterval: true);
        yield return GradCheck("ReluGrad", seed, (x, dy, dx) => Activations.ReluGrad(x, dy, dx), (x, dy) => x > 0 ? dy : 0, unitInterval: false);
        yield return GradCheck("LeakyReluGrad", seed, (x, dy, dx) => Activations.LeakyReluGrad(x, 0.01f, dy, dx), (x, dy) => x > 0 ? dy : 0.01f * dy, unitInterval: false);
        yield return SoftmaxCheck(seed);
    }

    private static (int M, int N, int K)[] Shapes(Random random)
    {
        // Edge sizes around register blocks (MR=12, NR=32) and cache blocks (KC=256), plus random ones.
        var shapes = new List<(int, int, int)> { (1, 1, 1), (1, 64, 64), (4, 33, 17), (12, 32, 256), (13, 31, 257), (25, 65, 300), (130, 97, 40) };
        for (int i = 0; i < 12; i++) shapes.Add((random.Next(1, 80), random.Next(1, 80), random.Next(1, 120)));
        return [.. shapes];
    }

    private static CheckResult GemmCheck(bool transA, bool transB, int seed)
    {
        string name = $"Gemm {(transA ? "T" : "N")}{(transB ? "T" : "N")}";
        var tally = new CheckTally(name);
        var random = new Random(seed * 31 + (transA ? 2 : 0) + (transB ? 1 : 0));
        foreach (var (m, n, k) in Shapes(random))
        {
            int lda = (transA ? m : k) + random.Next(0, 3);
            int ldb = (transB ? k : n) + random.Next(0, 3);
            int ldc = n + random.Next(0, 3);
            var a = RandomArray(random, (transA ? k : m) * lda, 1);
            var b = RandomArray(random, (transB ? n : k) * ldb, 1);
            var c = RandomArray(random, m * ldc, 1);
            float alpha = random.Next(2) == 0 ? 1f : (float)(random.NextDouble() * 4 - 2);
            float beta = random.Next(3) switch { 0 => 0f, 1 => 1f, _ => (float)(random.NextDouble() * 2 - 1) };
            // beta = 0 must not read C: NaN there must not propagate.
            if (beta == 0) Array.Fill(c, float.NaN);
            var got = (float[])c.Clone();
            Gemm.Multiply(transA ? Transpose.Yes : Transpose.No, transB ? Transpose.Yes : Transpose.No, m, n, k,
                alpha, a, lda, b, ldb, beta, got, ldc);
            tally.Case();
            bool ok = true;
            for (int i = 0; i < m && ok; i++)
            {
                for (int j = 0; j < n && ok; j++)
                {
                    var (value, magnitude) = Reference.GemmElement(transA, transB, i, j, k, a, lda, b, ldb);
                    double cij = beta == 0 ? 0 : c[i * ldc + j];
                    double want = alpha * value + beta * cij;
                    double tolerance = 2 * (k + 2) * U * (Math.Abs(alpha) * magnitude + Math.Abs(beta * cij)) + float.Epsilon;
                    ok = tally.Compare(got[i * ldc + j], want, tolerance, () => $"m={m} n={n} k={k} lda={lda} ldb={ldb} ldc={ldc} alpha={alpha} beta={beta} seed={seed} at ({i},{j})");
                }
            }

            // Padding between rows (ld > n) must be left alone.
            for (int i = 0; i < m && ok; i++)
            {
                for (int j = n; j < ldc && ok; j++)
                {
                    ok = tally.Compare(got[i * ldc + j], c[i * ldc + j], 0, () => $"m={m} n={n} ldc={ldc}: padding at ({i},{j}) was written");
                }
            }
        }

        return tally.Result();
    }

    private static CheckResult GemvCheck(bool transA, int seed)
    {
        var tally = new CheckTally($"Gemv {(transA ? "T" : "N")}");
        var random = new Random(seed * 17 + (transA ? 1 : 0));
        foreach (var (m, n, _) in Shapes(random))
        {
            int lda = n + random.Next(0, 3);
            var a = RandomArray(random, m * lda, 1);
            int xLength = transA ? m : n;
            int yLength = transA ? n : m;
            var x = RandomArray(random, xLength, 1);
            var y = RandomArray(random, yLength, 1);
            float alpha = (float)(random.NextDouble() * 4 - 2);
            float beta = random.Next(2) == 0 ? 0f : (float)(random.NextDouble() * 2 - 1);
            if (beta == 0) Array.Fill(y, float.NaN);
            var got = (float[])y.Clone();
            Gemv.Multiply(transA ? Transpose.Yes : Transpose.No, m, n, alpha, a, lda, x, beta, got);
            tally.Case();
            bool ok = true;
            int k = transA ? m : n;
            for (int i = 0; i < yLength && ok; i++)
            {
                double sum = 0, magnitude = 0;
                for (int p = 0; p < k; p++)
                {
                    double product = (double)(transA ? a[p * lda + i] : a[i * lda + p]) * x[p];
                    sum += product;
                    magnitude += Math.Abs(product);
                }

                double yi = beta == 0 ? 0 : y[i];
                double tolerance = 2 * (k + 2) * U * (Math.Abs(alpha) * magnitude + Math.Abs(beta * yi)) + float.Epsilon;
                ok = tally.Compare(got[i], alpha * sum + beta * yi, tolerance, () => $"m={m} n={n} lda={lda} alpha={alpha} beta={beta} seed={seed} at {i}");
            }
        }

        return tally.Result();
    }

    private static IEnumerable<int> Lengths(Random random) =>
        Enumerable.Range(0, 70).Concat([127, 128, 129, 255, 256, 257, 1000, random.Next(1, 5000)]);

    private static CheckResult Elementwise(string name, int seed, Action<float[], float[]> kernel, Func<double, double> reference)
    {
        var tally = new CheckTally(name);
        var random = new Random(seed * 13 + name.Length);
        foreach (int length in Lengths(random))
        {
            var x = RandomArray(random, length, 20);
            if (length > 4) { x[0] = 0f; x[1] = -0f; x[2] = 90f; x[3] = -90f; }
            var y = new float[length];
            kernel(x, y);
            // In place (x and y the same span) must give the same answer.
            var inPlace = (float[])x.Clone();
            kernel(inPlace, inPlace);
            tally.Case();
            bool ok = true;
            for (int i = 0; i < length && ok; i++)
            {
                double want = reference(x[i]);
                double tolerance = 16 * U * (1 + Math.Abs(want));
                ok = tally.Compare(y[i], want, tolerance, () => $"length={length} seed={seed} x[{i}]={x[i]:R}")
                    && tally.Compare(inPlace[i], y[i], 0, () => $"length={length} in place differs at {i}");
            }
        }

        return tally.Result();
    }

    private static CheckResult GradCheck(string name, int seed, Action<float[], float[], float[]> kernel, Func<double, double, double> reference, bool unitInterval)
    {
        var tally = new CheckTally(name);
        var random = new Random(seed * 7 + name.Length);
        foreach (int length in Lengths(random))
        {
            // Sigmoid and tanh gradients take the activation's output y (in (0,1) or (-1,1)); ReLU's take x.
            var first = unitInterval ? RandomArray(random, length, 1) : RandomArray(random, length, 5);
            if (!unitInterval && length > 2) { first[0] = 0f; first[1] = -0f; }
            var dy = RandomArray(random, length, 3);
            var dx = new float[length];
            kernel(first, dy, dx);
            tally.Case();
            bool ok = true;
            for (int i = 0; i < length && ok; i++)
            {
                double want = reference(first[i], dy[i]);
                // A few roundings of products of terms bounded by |dy|·(1 + y²).
                double tolerance = 4 * U * Math.Abs(dy[i]) * (1 + first[i] * (double)first[i]) + float.Epsilon;
                ok = tally.Compare(dx[i], want, tolerance, () => $"length={length} seed={seed} at {i}: in={first[i]:R} dy={dy[i]:R}");
            }
        }

        return tally.Result();
    }

    private static CheckResult SoftmaxCheck(int seed)
    {
        var tally = new CheckTally("Softmax");
        var random = new Random(seed * 5 + 3);
        var shapes = new List<(int Rows, int Cols)> { (1, 1), (1, 2), (3, 10), (2, 33), (5, 127), (1, 1000) };
        for (int i = 0; i < 10; i++) shapes.Add((random.Next(1, 20), random.Next(1, 300)));
        foreach (var (rows, cols) in shapes)
        {
            var x = RandomArray(random, rows * cols, 30);
            // A row of huge logits: max subtraction must keep it finite.
            if (cols > 2) { x[0] = 1000f; x[1] = 999f; x[2] = -1000f; }
            var y = new float[rows * cols];
            Activations.Softmax(x, rows, cols, y);
            tally.Case();
            var want = new double[cols];
            bool ok = true;
            for (int r = 0; r < rows && ok; r++)
            {
                Reference.Softmax(x, r, cols, want);
                for (int j = 0; j < cols && ok; j++)
                {
                    double tolerance = 2 * (cols + 16) * U * want[j] + 4 * 1.1754943508222875e-38;
                    ok = tally.Compare(y[r * cols + j], want[j], tolerance, () => $"rows={rows} cols={cols} seed={seed} at ({r},{j})");
                }
            }
        }

        return tally.Result();
    }

    internal static float[] RandomArray(Random random, int length, double range)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = (float)((random.NextDouble() * 2 - 1) * range);
        return values;
    }
}
