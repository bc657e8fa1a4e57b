using System.Globalization;
using System.Text;

namespace SimdNn.Cli.Data;

/// <summary>
/// Reads lines (ending in \n, \r\n or \r) of at most <paramref name="maxLength"/> characters:
/// TextReader.ReadLine would grow one string for as long as the input has no line break (a binary
/// file, /dev/zero), so memory is bounded here by the longest line a sensible input can have.
/// </summary>
internal sealed class LineReader(TextReader reader, string name, int maxLength)
{
    private readonly StringBuilder line = new();

    /// <summary>The 1-based number of the line last returned.</summary>
    public int LineNumber { get; private set; }

    /// <summary>The next line without its line break, or null at the end of the input.</summary>
    /// <exception cref="CliException">The line has more than maxLength characters (a data error naming the line).</exception>
    public string? ReadLine()
    {
        line.Clear();
        LineNumber++;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (c == '\n') return line.ToString();
            if (c == '\r')
            {
                if (reader.Peek() == '\n') reader.Read();
                return line.ToString();
            }

            if (line.Length == maxLength)
            {
                throw CliException.DataError(string.Create(CultureInfo.InvariantCulture,
                    $"{name} line {LineNumber}: longer than {maxLength:N0} characters without a line break; expected CSV rows of numbers"));
            }

            line.Append((char)c);
        }

        return line.Length > 0 ? line.ToString() : null;
    }
}
