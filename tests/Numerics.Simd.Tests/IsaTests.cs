using Numerics.Simd;

namespace Numerics.Simd.Tests;

public class IsaTests
{
    [Fact]
    public void The_chosen_path_honours_the_environment_cap()
    {
        string? cap = Environment.GetEnvironmentVariable(Isa.MaxVectorBitsVariable);
        if (int.TryParse(cap, out int bits)) Assert.True(Isa.VectorBits <= bits, $"cap {bits}, chose {Isa.VectorBits}");
        Assert.Contains(Isa.VectorBits, new[] { 512, 256, 128, 0 });
    }

    [Theory]
    [InlineData("64")]
    [InlineData("abc")]
    public void A_bad_cap_is_refused_with_a_message_naming_the_variable(string cap)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Isa.Choose(cap));
        Assert.Contains(Isa.MaxVectorBitsVariable, error.Message, StringComparison.Ordinal);
    }
}
