using System.Runtime.Intrinsics;

namespace Numerics.Simd.Operators;

/// <summary>
/// One instruction-set width (<see cref="Width128"/>, <see cref="Width256"/>, <see cref="Width512"/>)
/// and its register type <typeparamref name="TVector"/> (Vector128&lt;float&gt; ...), so that a kernel is
/// written once, generic over the width, and the JIT compiles it once per width: the widths are
/// structs, so every member is resolved and inlined at compile time, and the code is the code of the
/// hand-written intrinsics (nothing boxed or dispatched in a loop; a load still folds into the
/// instruction that uses it). Each member is one System.Runtime.Intrinsics operation of that width,
/// IEEE single precision in every lane, so a kernel gives the same bits at every width.
/// </summary>
/// <typeparam name="TVector">The register type of the width.</typeparam>
internal unsafe interface IVectorWidth<TVector>
    where TVector : unmanaged
{
    /// <summary>Floats per vector.</summary>
    static abstract int Count { get; }

    /// <summary>
    /// Whether <see cref="LoadFirst"/> and <see cref="StoreFirst"/> are cheap masked instructions
    /// (AVX-512), so that loops finish with one partial vector instead of a scalar tail. Widths without
    /// them throw from both.
    /// </summary>
    static abstract bool MasksTail { get; }

    static abstract TVector Zero { get; }

    static abstract TVector One { get; }

    /// <summary>Every lane = <paramref name="value"/>.</summary>
    static abstract TVector Create(float value);

    /// <summary>Every lane holds the bit pattern <paramref name="bits"/> (for masks and exponent arithmetic).</summary>
    static abstract TVector CreateBits(uint bits);

    static abstract TVector Load(float* source);

    /// <summary>Lanes [0, count) from <paramref name="source"/>, the others <paramref name="fill"/>; memory past count is not touched.</summary>
    static abstract TVector LoadFirst(float* source, nuint count, TVector fill);

    static abstract void Store(TVector value, float* destination);

    /// <summary>Stores lanes [0, count) only.</summary>
    static abstract void StoreFirst(TVector value, float* destination, nuint count);

    static abstract TVector Add(TVector left, TVector right);

    static abstract TVector Subtract(TVector left, TVector right);

    static abstract TVector Multiply(TVector left, TVector right);

    static abstract TVector Divide(TVector left, TVector right);

    static abstract TVector Negate(TVector value);

    static abstract TVector And(TVector left, TVector right);

    static abstract TVector Or(TVector left, TVector right);

    /// <summary>a·b + c with one rounding.</summary>
    static abstract TVector FusedMultiplyAdd(TVector a, TVector b, TVector c);

    static abstract TVector Abs(TVector value);

    static abstract TVector SquareRoot(TVector value);

    /// <summary>
    /// IEEE max(value, +0): NaN gives NaN, −0 gives +0. Its own member, not Max(value, Zero), so that
    /// the JIT sees the constant zero and compiles the maximum as it would the hand-written intrinsic.
    /// </summary>
    static abstract TVector MaxWithZero(TVector value);

    /// <summary>The instruction's maximum (maxps): cheaper; which operand a NaN or a signed zero gives back is the instruction's.</summary>
    static abstract TVector MaxNative(TVector left, TVector right);

    /// <summary>All-ones lanes where left &gt; right, zero lanes elsewhere.</summary>
    static abstract TVector GreaterThan(TVector left, TVector right);

    static abstract TVector LessThan(TVector left, TVector right);

    static abstract TVector LessThanOrEqual(TVector left, TVector right);

    /// <summary>Whether left &gt; right in any lane.</summary>
    static abstract bool GreaterThanAny(TVector left, TVector right);

    /// <summary>whenTrue's bits where mask's are set, whenFalse's elsewhere.</summary>
    static abstract TVector ConditionalSelect(TVector mask, TVector whenTrue, TVector whenFalse);

    /// <summary>Each lane's bits, as an unsigned integer, shifted left by <paramref name="count"/>.</summary>
    static abstract TVector ShiftLeftBits(TVector value, int count);

    /// <summary>Each lane's bits added as unsigned integers (wrapping).</summary>
    static abstract TVector AddBits(TVector left, TVector right);

    /// <summary>Each lane's bits subtracted as unsigned integers (wrapping).</summary>
    static abstract TVector SubtractBits(TVector left, TVector right);

    /// <summary>The lanes folded to four by adding the upper half to the lower, repeatedly (a fixed order).</summary>
    static abstract Vector128<float> SumHalves(TVector value);

    /// <summary>The lanes folded to four by <see cref="MaxNative"/> of the halves, repeatedly.</summary>
    static abstract Vector128<float> MaxHalves(TVector value);
}
