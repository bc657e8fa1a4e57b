namespace Nn.Training.Tests.Reference;

/// <summary>RMSE, MAE and R² as plainly as possible, in double, one target column at a time.</summary>
internal static class ReferenceRegressionMetrics
{
    public static double Rmse(float[] y, float[] t) => Math.Sqrt(y.Zip(t, (a, b) => ((double)a - b) * ((double)a - b)).Sum() / y.Length);

    public static double Mae(float[] y, float[] t) => y.Zip(t, (a, b) => Math.Abs((double)a - b)).Sum() / y.Length;

    public static double RSquared(float[] y, float[] t, int width)
    {
        int rows = t.Length / width;
        double total = 0;
        for (int j = 0; j < width; j++)
        {
            var column = Enumerable.Range(0, rows).Select(i => (double)t[i * width + j]).ToArray();
            var predicted = Enumerable.Range(0, rows).Select(i => (double)y[i * width + j]).ToArray();
            double mean = column.Average();
            double residual = column.Zip(predicted, (a, b) => (a - b) * (a - b)).Sum();
            double spread = column.Sum(a => (a - mean) * (a - mean));
            total += spread > 0 ? 1 - residual / spread : residual == 0 ? 1 : 0;
        }

        return total / width;
    }
}
