using System.CommandLine;

namespace SimdNn.Cli.Commands;

/// <summary>`simd-nn export`: added once ONNX export (Nn.Dense.OnnxExport) is part of the build.</summary>
internal static class ExportCommand
{
    public static void AddIfAvailable(RootCommand root)
    {
        _ = root;
    }
}
