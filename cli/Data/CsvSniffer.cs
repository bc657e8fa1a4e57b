using System.IO.Compression;
using System.Text;

namespace SimdNn.Cli.Data;

/// <summary>
/// When a CSV file fails to load, looks at its first bytes for the usual reason: another field
/// separator (';' from a spreadsheet in a comma-decimal locale, tabs) or UTF-16 text without a
/// byte-order mark. The loader's own message ("a header needs two columns") names the symptom;
/// this names the cause and what is expected.
/// </summary>
internal static class CsvSniffer
{
    private const int SampleBytes = 4096;
    private const string Expected = "simd-nn reads UTF-8 (or ASCII) comma-separated values, features then label per line, with '.' as the decimal point";

    /// <summary>A message naming the likely cause, or null when the start of the file looks like ordinary CSV.</summary>
    public static string? Explain(string path)
    {
        byte[] sample;
        try
        {
            sample = Sample(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null;
        }

        if (sample.Length >= 4 && Array.TrueForAll(sample, b => b == 0))
        {
            return $"{path} starts with {sample.Length:N0} zero bytes: binary data, not text; {Expected}";
        }

        if (sample.Length >= 2 && (sample[0], sample[1]) is (0xFF, 0xFE) or (0xFE, 0xFF) || LooksLikeUtf16(sample))
        {
            return $"{path} seems to be UTF-16 text; {Expected} (convert with: iconv -f UTF-16 -t UTF-8)";
        }

        string text = Encoding.UTF8.GetString(sample);
        int end = text.IndexOfAny(['\n', '\r']);
        string firstLine = end < 0 ? text : text[..end];
        if (firstLine.Contains(',', StringComparison.Ordinal)) return null;
        if (firstLine.Contains(';', StringComparison.Ordinal)) return $"{path} seems to use ';' to separate fields; {Expected}";
        if (firstLine.Contains('\t', StringComparison.Ordinal)) return $"{path} seems to use tabs to separate fields; {Expected}";
        return null;
    }

    /// <summary>ASCII text in UTF-16 has a zero in every other byte; UTF-8 text has none.</summary>
    private static bool LooksLikeUtf16(byte[] sample) => sample.Length >= 4 && sample.Count(b => b == 0) >= sample.Length / 4;

    private static byte[] Sample(string path)
    {
        using var file = File.OpenRead(path);
        Stream stream = file;
        if (file.ReadByte() == 0x1F && file.ReadByte() == 0x8B)
        {
            file.Position = 0;
            stream = new GZipStream(file, CompressionMode.Decompress);
        }
        else
        {
            file.Position = 0;
        }

        using (stream)
        {
            var buffer = new byte[SampleBytes];
            int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return buffer[..read];
        }
    }
}
