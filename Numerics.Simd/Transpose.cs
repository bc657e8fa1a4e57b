namespace Numerics.Simd;

/// <summary>Whether a GEMM/GEMV operand is used as stored (<see cref="No"/>) or transposed (<see cref="Yes"/>).</summary>
public enum Transpose
{
    /// <summary>op(X) = X.</summary>
    No,

    /// <summary>op(X) = Xᵀ.</summary>
    Yes,
}
