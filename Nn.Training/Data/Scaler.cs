namespace Nn.Training;

/// <summary>
/// A per-feature affine scaling x' = (x − offset)·scale, fitted on training data only and then
/// applied unchanged to validation and test data. Standardization: offset = mean, scale = 1/σ
/// (population σ); min-max: offset = min, scale = 1/(max − min). A constant feature gets scale 1.
/// </summary>
public sealed class Scaler
{
    private readonly float[] offset;
    private readonly float[] scale;

    private Scaler(float[] offset, float[] scale)
    {
        this.offset = offset;
        this.scale = scale;
    }

    /// <summary>The number of features.</summary>
    public int FeatureCount => offset.Length;

    /// <summary>The per-feature offsets.</summary>
    public ReadOnlySpan<float> Offset => offset;

    /// <summary>The per-feature scales.</summary>
    public ReadOnlySpan<float> Scale => scale;

    /// <summary>Fits a standardization (mean 0, variance 1 on the training data).</summary>
    /// <exception cref="ArgumentException">train is null or has no samples.</exception>
    public static Scaler FitStandard(Dataset train)
    {
        CheckFit(train);
        int features = train.FeatureCount;
        var mean = new double[features];
        var squares = new double[features];
        for (int i = 0; i < train.Samples; i++)
        {
            var row = train.Sample(i);
            for (int j = 0; j < features; j++) mean[j] += row[j];
        }

        for (int j = 0; j < features; j++) mean[j] /= train.Samples;
        for (int i = 0; i < train.Samples; i++)
        {
            var row = train.Sample(i);
            for (int j = 0; j < features; j++) squares[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
        }

        var offset = new float[features];
        var scale = new float[features];
        for (int j = 0; j < features; j++)
        {
            double deviation = Math.Sqrt(squares[j] / train.Samples);
            offset[j] = (float)mean[j];
            scale[j] = deviation > 0 ? (float)(1 / deviation) : 1f;
        }

        return new Scaler(offset, scale);
    }

    /// <summary>Fits a min-max scaling to [0, 1] on the training data.</summary>
    /// <exception cref="ArgumentException">train is null or has no samples.</exception>
    public static Scaler FitMinMax(Dataset train)
    {
        CheckFit(train);
        int features = train.FeatureCount;
        var min = new float[features];
        var max = new float[features];
        Array.Fill(min, float.PositiveInfinity);
        Array.Fill(max, float.NegativeInfinity);
        for (int i = 0; i < train.Samples; i++)
        {
            var row = train.Sample(i);
            for (int j = 0; j < features; j++)
            {
                min[j] = MathF.Min(min[j], row[j]);
                max[j] = MathF.Max(max[j], row[j]);
            }
        }

        var scale = new float[features];
        for (int j = 0; j < features; j++) scale[j] = max[j] > min[j] ? (float)(1.0 / ((double)max[j] - min[j])) : 1f;
        return new Scaler(min, scale);
    }

    /// <summary>Scales the features of a data set in place.</summary>
    /// <exception cref="ArgumentException">dataset is null or has another feature count.</exception>
    public void Transform(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.FeatureCount != FeatureCount)
        {
            throw new ArgumentException($"dataset has {dataset.FeatureCount} features; this scaler was fitted on {FeatureCount}.", nameof(dataset));
        }

        Transform(dataset.Features);
    }

    /// <summary>Scales rows of FeatureCount features in place (features.Length a multiple of FeatureCount).</summary>
    /// <exception cref="ArgumentException">The length is not a multiple of FeatureCount.</exception>
    public void Transform(Span<float> features)
    {
        if (features.Length % FeatureCount != 0)
        {
            throw new ArgumentException($"features has {features.Length} values, not a multiple of {FeatureCount}.", nameof(features));
        }

        for (int start = 0; start < features.Length; start += FeatureCount)
        {
            var row = features.Slice(start, FeatureCount);
            for (int j = 0; j < row.Length; j++) row[j] = (row[j] - offset[j]) * scale[j];
        }
    }

    private static void CheckFit(Dataset train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Samples == 0) throw new ArgumentException("A scaler needs at least one training sample.", nameof(train));
    }
}
