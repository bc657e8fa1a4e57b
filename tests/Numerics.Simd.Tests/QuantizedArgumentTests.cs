namespace Numerics.Simd.Tests;

/// <summary>Every quantized entry point checks its arguments and names the wrong one.</summary>
public class QuantizedArgumentTests
{
    private static void AssertNames(string name, Action call) =>
        Assert.Equal(name, Assert.ThrowsAny<ArgumentException>(call).ParamName);

    [Fact]
    public void Int8PackedWeights_checks_its_sizes_and_values()
    {
        AssertNames("inputs", () => _ = new Int8PackedWeights(-1, 3));
        AssertNames("inputs", () => _ = new Int8PackedWeights(Int8PackedWeights.MaxInputs + 1, 3));
        AssertNames("outputs", () => _ = new Int8PackedWeights(3, -1));
        var packed = new Int8PackedWeights(3, 2);
        AssertNames("weights", () => packed.Pack(new sbyte[5], new float[2]));
        AssertNames("scales", () => packed.Pack(new sbyte[6], new float[1]));
        AssertNames("scales", () => packed.Pack(new sbyte[6], [1f, -1f]));
        AssertNames("scales", () => packed.Pack(new sbyte[6], [float.NaN, 1f]));
        AssertNames("scales", () => packed.Pack(new sbyte[6], [1f, float.PositiveInfinity]));
        var error = Assert.Throws<ArgumentException>(() => packed.Pack([0, 0, 0, 0, -128, 0], [1f, 1f]));
        Assert.Equal("weights", error.ParamName);
        Assert.Contains("[1, 1]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Int8Gemm_products_check_shapes_codes_and_overlap()
    {
        var packed = new Int8PackedWeights(3, 2);
        packed.Pack(new sbyte[6], [1f, 1f]);
        AssertNames("w", () => Int8Gemm.Multiply(1, new byte[3], 3, null!, new int[2], 2));
        AssertNames("rows", () => Int8Gemm.Multiply(-1, new byte[3], 3, packed, new int[2], 2));
        AssertNames("lda", () => Int8Gemm.Multiply(1, new byte[3], 2, packed, new int[2], 2));
        AssertNames("a", () => Int8Gemm.Multiply(2, new byte[5], 3, packed, new int[4], 2));
        AssertNames("ldc", () => Int8Gemm.Multiply(1, new byte[3], 3, packed, new int[2], 1));
        AssertNames("c", () => Int8Gemm.Multiply(2, new byte[6], 3, packed, new int[3], 2));
        var error = Assert.Throws<ArgumentException>(() => Int8Gemm.Multiply(2, [1, 2, 3, 4, 128, 6], 3, packed, new int[4], 2));
        Assert.Equal("a", error.ParamName);
        Assert.Contains("[1, 1]", error.Message, StringComparison.Ordinal);
        // A code above 127 in the padding between rows is not part of a.
        Int8Gemm.Multiply(2, [1, 2, 3, 255, 4, 5, 6], 4, packed, new int[4], 2);
        var shared = new int[8];
        AssertNames("c", () => Int8Gemm.Multiply(1, System.Runtime.InteropServices.MemoryMarshal.AsBytes(shared.AsSpan())[..3], 3, packed, shared.AsSpan(0, 2), 2));
        float[] scales = [1f, 1f];
        int[] zeroPoints = [0, 0];
        var c = new float[4];
        AssertNames("rowScales", () => Int8Gemm.MultiplyDequantize(2, new byte[6], 3, [1f], zeroPoints, packed, new float[2], false, c, 2));
        AssertNames("rowZeroPoints", () => Int8Gemm.MultiplyDequantize(2, new byte[6], 3, scales, [0], packed, new float[2], false, c, 2));
        AssertNames("rowZeroPoints", () => Int8Gemm.MultiplyDequantize(2, new byte[6], 3, scales, [0, 128], packed, new float[2], false, c, 2));
        AssertNames("rowZeroPoints", () => Int8Gemm.MultiplyDequantize(2, new byte[6], 3, scales, [-1, 0], packed, new float[2], false, c, 2));
        AssertNames("bias", () => Int8Gemm.MultiplyDequantize(2, new byte[6], 3, scales, zeroPoints, packed, new float[1], false, c, 2));
        AssertNames("c", () => Int8Gemm.MultiplyDequantize(2, new byte[6], 3, scales, zeroPoints, packed, new float[2], false, new float[3], 2));
        AssertNames("a", () => Int8Gemm.MultiplyDequantize(1, [200, 0, 0], 3, scales, zeroPoints, packed, new float[2], false, c, 2));
    }

    [Fact]
    public void Int8Gemm_quantizers_check_their_spans()
    {
        AssertNames("rows", () => Int8Gemm.QuantizeRows(new float[4], -1, 2, new byte[4], new float[2], new int[2]));
        AssertNames("columns", () => Int8Gemm.QuantizeRows(new float[4], 2, -1, new byte[4], new float[2], new int[2]));
        AssertNames("x", () => Int8Gemm.QuantizeRows(new float[3], 2, 2, new byte[4], new float[2], new int[2]));
        AssertNames("codes", () => Int8Gemm.QuantizeRows(new float[4], 2, 2, new byte[3], new float[2], new int[2]));
        AssertNames("scales", () => Int8Gemm.QuantizeRows(new float[4], 2, 2, new byte[4], new float[1], new int[2]));
        AssertNames("zeroPoints", () => Int8Gemm.QuantizeRows(new float[4], 2, 2, new byte[4], new float[2], new int[1]));
        AssertNames("outputs", () => Int8Gemm.QuantizeWeights(new float[4], -1, 2, new sbyte[4], new float[2]));
        AssertNames("inputs", () => Int8Gemm.QuantizeWeights(new float[4], 2, -1, new sbyte[4], new float[2]));
        AssertNames("weights", () => Int8Gemm.QuantizeWeights(new float[3], 2, 2, new sbyte[4], new float[2]));
        AssertNames("codes", () => Int8Gemm.QuantizeWeights(new float[4], 2, 2, new sbyte[3], new float[2]));
        AssertNames("scales", () => Int8Gemm.QuantizeWeights(new float[4], 2, 2, new sbyte[4], new float[1]));
    }

    [Fact]
    public void BFloat16_entry_points_check_their_arguments()
    {
        AssertNames("inputs", () => _ = new BFloat16PackedWeights(-1, 3));
        AssertNames("outputs", () => _ = new BFloat16PackedWeights(3, -1));
        var packed = new BFloat16PackedWeights(3, 2);
        AssertNames("weights", () => packed.Pack(new ushort[5]));
        packed.Pack(new ushort[6]);
        AssertNames("bits", () => BFloat16Gemm.Round(new float[3], new ushort[2]));
        var bias = new float[2];
        AssertNames("w", () => BFloat16Gemm.Multiply(1, new float[3], 3, null!, bias, false, new float[2], 2));
        AssertNames("rows", () => BFloat16Gemm.Multiply(-1, new float[3], 3, packed, bias, false, new float[2], 2));
        AssertNames("lda", () => BFloat16Gemm.Multiply(1, new float[3], 2, packed, bias, false, new float[2], 2));
        AssertNames("a", () => BFloat16Gemm.Multiply(2, new float[5], 3, packed, bias, false, new float[4], 2));
        AssertNames("ldc", () => BFloat16Gemm.Multiply(1, new float[3], 3, packed, bias, false, new float[2], 1));
        AssertNames("c", () => BFloat16Gemm.Multiply(2, new float[6], 3, packed, bias, false, new float[3], 2));
        AssertNames("bias", () => BFloat16Gemm.Multiply(1, new float[3], 3, packed, new float[1], false, new float[2], 2));
        var shared = new float[8];
        AssertNames("c", () => BFloat16Gemm.Multiply(1, shared.AsSpan(0, 3), 3, packed, bias, false, shared.AsSpan(2, 2), 2));
    }
}
