namespace Cli.Tests;

/// <summary>
/// What quantize refuses, and a damaged quantized file in every command that reads one: one line on stderr naming the
/// problem (Tool.AssertRefused: no stack trace, no internal error), exit 2 for usage and 1 for data, and no file written.
/// </summary>
public class QuantizeErrorTests(QuantizedModelsFixture models) : IClassFixture<QuantizedModelsFixture>
{
    private const int Usage = 2;
    private const int Data = 1;

    public static TheoryData<string[], int, string> Refusals => new()
    {
        { ["--format", "int4", "--out", "q.bin"], Usage, "--format must be int8 or bf16; got int4" },
        { ["--format", "float32", "--out", "q.bin"], Usage, "--format must be int8 or bf16; got float32" },
        { ["--out", "q.bin"], Usage, "--format" },
        { ["--format", "int8"], Usage, "--out" },
        { ["--format", "int8", "--out", "q.onnx"], Usage, "--out q.onnx: --out writes a quantized model, not a .onnx file" },
        { ["--format", "int8", "--out", "sub/"], Usage, "--out sub/: names a folder" },
        { ["--format", "int8", "--out", "/proc/q.bin"], Data, "--out /proc/q.bin: cannot write in the folder /proc" },
        { ["--format", "int8", "--out", "q.bin", "--data", "digits"], Data, "the model m.snn takes 4 inputs but digits has 64 features per row" },
        { ["--format", "int8", "--out", "q.bin", "--data", "diabetes"], Usage, "--data diabetes is a regression data set; it cannot be used for classification" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Quantize_refuses_bad_arguments_in_one_line_and_writes_nothing(string[] args, int exitCode, string message)
    {
        using var folder = new TempFolder();
        File.Copy(models.FloatModel("iris"), folder.File("m.snn"));
        var run = Tool.Run(folder.Path, ["quantize", "--model", "m.snn", .. args]);
        Tool.AssertRefused(run, exitCode, message);
        Assert.Equal(["m.snn"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Quantizing_a_quantized_file_says_it_is_already_quantized()
    {
        var run = Tool.Run(models.Folder.Path, "quantize", "--model", models.Quantized("iris", "int8"), "--format", "bf16", "--out", models.Folder.File("twice.q"));
        Tool.AssertRefused(run, Data, "is a quantized int8 model: it is already quantized; quantize takes the float32 model it was made from");
        Assert.False(File.Exists(models.Folder.File("twice.q")));
    }

    [Fact]
    public void The_output_cannot_be_the_model_itself()
    {
        var run = Tool.Run(models.Folder.Path, "quantize", "--model", models.FloatModel("iris"), "--format", "int8", "--out", models.FloatModel("iris"));
        Tool.AssertRefused(run, Usage, "--model and --out name the same file");
    }

    public static TheoryData<string, string[]> Readers => new()
    {
        { "truncated", ["info"] },
        { "truncated", ["predict", "--input", "rows.csv"] },
        { "flipped", ["evaluate", "--data", "iris"] },
        { "flipped", ["predict", "--input", "rows.csv"] },
        { "flipped", ["info"] },
        { "flipped", ["bench"] },
        { "flipped", ["quantize", "--format", "int8", "--out", "again.q"] },
        { "flipped", ["serve", "--port", "0"] },
        { "header", ["info"] },
    };

    [Theory]
    [MemberData(nameof(Readers))]
    public void A_damaged_quantized_file_is_one_clean_error_in_every_command(string damage, string[] command)
    {
        using var folder = new TempFolder();
        byte[] bytes = File.ReadAllBytes(models.Quantized("iris", "int8"));
        bytes = damage switch
        {
            "truncated" => bytes[..(bytes.Length / 2)],
            // A flipped weight code: the checksum no longer matches.
            "flipped" => Flip(bytes, bytes.Length / 2),
            // Only the magic survives: an impossible layer table.
            _ => [.. bytes[..8], .. Enumerable.Repeat((byte)0xFF, 40)],
        };
        File.WriteAllBytes(folder.File("q.bin"), bytes);
        File.WriteAllText(folder.File("rows.csv"), "5.1,3.5,1.4,0.2\n");
        var run = Tool.Run(folder.Path, [command[0], "--model", "q.bin", .. command[1..]]);
        Tool.AssertRefused(run, Data, "q.bin is not a valid quantized model file: ");
        Assert.Equal(["q.bin", "rows.csv"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName).Order());
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        bytes[at] ^= 0x01;
        return bytes;
    }
}
