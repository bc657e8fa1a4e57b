using System.Runtime.CompilerServices;

namespace Numerics.Simd.Operators;

/// <summary>
/// x̂ = (x − μ)·r, y = γ·x̂ + β along a row, with μ and r per column (batch normalization: the batch's
/// column statistics) or one pair for the row (layer normalization: <see cref="RowStatistics"/> set);
/// x̂ is stored when <c>normalized</c> is not null. Plain multiplies and adds, so every width gives the same bits.
/// </summary>
internal readonly unsafe struct NormalizeBody(float* x, float* mean, float* inverseStd, float rowMean, float rowInverseStd,
    float* scale, float* shift, float* normalized, float* y) : ICountedBody
{
    /// <summary>A row normalized by its own μ and r (layer normalization).</summary>
    public static NormalizeBody ForRow(float* x, float rowMean, float rowInverseStd, float* scale, float* shift, float* normalized, float* y) =>
        new(x, null, null, rowMean, rowInverseStd, scale, shift, normalized, y);

    /// <summary>A row normalized by per-column μ and r (batch normalization).</summary>
    public static NormalizeBody ForColumns(float* x, float* mean, float* inverseStd, float* scale, float* shift, float* normalized, float* y) =>
        new(x, mean, inverseStd, 0f, 0f, scale, shift, normalized, y);

    private bool RowStatistics => mean == null;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Element(nuint i)
    {
        float xHat = (x[i] - (RowStatistics ? rowMean : mean[i])) * (RowStatistics ? rowInverseStd : inverseStd[i]);
        if (normalized != null) normalized[i] = xHat;
        y[i] = scale[i] * xHat + shift[i];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void At<TWidth, TVector>(nuint i, nuint count)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var center = RowStatistics ? TWidth.Create(rowMean) : Lanes.Load<TWidth, TVector>(mean + i, count);
        var factor = RowStatistics ? TWidth.Create(rowInverseStd) : Lanes.Load<TWidth, TVector>(inverseStd + i, count);
        var xHat = TWidth.Multiply(TWidth.Subtract(Lanes.Load<TWidth, TVector>(x + i, count), center), factor);
        if (normalized != null) Lanes.Store<TWidth, TVector>(xHat, normalized + i, count);
        var result = TWidth.Add(TWidth.Multiply(Lanes.Load<TWidth, TVector>(scale + i, count), xHat), Lanes.Load<TWidth, TVector>(shift + i, count));
        Lanes.Store<TWidth, TVector>(result, y + i, count);
    }
}

/// <summary>
/// Column accumulations over the rows of a batch: first[j] += a_j and second[j] += a_j·b_j (the batch sums
/// Σ dy and Σ dy·x̂ of a normalization's backward pass, which are also dβ and dγ), or, with
/// <c>squared</c>, second[j] += (a_j − b_j)² only (Σ (x − μ)², b the column means).
/// </summary>
internal readonly unsafe struct ColumnSumsBody(float* a, float* b, float* first, float* second, bool squared) : ICountedBody
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Element(nuint i)
    {
        if (squared)
        {
            float deviation = a[i] - b[i];
            second[i] += deviation * deviation;
        }
        else
        {
            first[i] += a[i];
            second[i] += a[i] * b[i];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void At<TWidth, TVector>(nuint i, nuint count)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var va = Lanes.Load<TWidth, TVector>(a + i, count);
        var vb = Lanes.Load<TWidth, TVector>(b + i, count);
        TVector term;
        if (squared)
        {
            var deviation = TWidth.Subtract(va, vb);
            term = TWidth.Multiply(deviation, deviation);
        }
        else
        {
            Lanes.Store<TWidth, TVector>(TWidth.Add(Lanes.Load<TWidth, TVector>(first + i, count), va), first + i, count);
            term = TWidth.Multiply(va, vb);
        }

        Lanes.Store<TWidth, TVector>(TWidth.Add(Lanes.Load<TWidth, TVector>(second + i, count), term), second + i, count);
    }
}

/// <summary>
/// The input gradient of a normalization along a row: dx = r·(dy·γ − m_g − x̂·m_p), where m_g and m_p are
/// the means of dy·γ and dy·γ·x̂ over the normalized set. Batch normalization passes per-column
/// c = γ·r, m_g/γ and m_p/γ (dx = c·(dy − b − x̂·p)); layer normalization passes r, m_g, m_p for the row
/// and γ per column. dx may be dy.
/// </summary>
internal readonly unsafe struct NormalizeGradBody(float* dy, float* normalized, float* factor, float* center, float* slope,
    float rowInverseStd, float rowCenter, float rowSlope, float* dx) : ICountedBody
{
    /// <summary>Layer normalization: dx = r·(dy·γ − m_g − x̂·m_p) with γ in <paramref name="scale"/>.</summary>
    public static NormalizeGradBody ForRow(float* dy, float* normalized, float* scale, float inverseStd, float gradientMean, float projectionMean, float* dx) =>
        new(dy, normalized, scale, null, null, inverseStd, gradientMean, projectionMean, dx);

    /// <summary>Batch normalization: dx = c·(dy − b − x̂·p) with c, b, p per column.</summary>
    public static NormalizeGradBody ForColumns(float* dy, float* normalized, float* factor, float* center, float* slope, float* dx) =>
        new(dy, normalized, factor, center, slope, 1f, 0f, 0f, dx);

    private bool RowStatistics => center == null;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Element(nuint i)
    {
        dx[i] = RowStatistics
            ? rowInverseStd * (dy[i] * factor[i] - rowCenter - normalized[i] * rowSlope)
            : factor[i] * (dy[i] - center[i] - normalized[i] * slope[i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void At<TWidth, TVector>(nuint i, nuint count)
        where TWidth : IVectorWidth<TVector>
        where TVector : unmanaged
    {
        var g = Lanes.Load<TWidth, TVector>(dy + i, count);
        var xHat = Lanes.Load<TWidth, TVector>(normalized + i, count);
        var f = Lanes.Load<TWidth, TVector>(factor + i, count);
        TVector result = RowStatistics
            ? TWidth.Multiply(TWidth.Create(rowInverseStd),
                TWidth.Subtract(TWidth.Subtract(TWidth.Multiply(g, f), TWidth.Create(rowCenter)), TWidth.Multiply(xHat, TWidth.Create(rowSlope))))
            : TWidth.Multiply(f, TWidth.Subtract(TWidth.Subtract(g, Lanes.Load<TWidth, TVector>(center + i, count)),
                TWidth.Multiply(xHat, Lanes.Load<TWidth, TVector>(slope + i, count))));
        Lanes.Store<TWidth, TVector>(result, dx + i, count);
    }
}
