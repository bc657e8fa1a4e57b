namespace Nn.Training;

/// <summary>
/// Reads text line by line (terminated by \n, \r\n or \r, as <see cref="TextReader.ReadLine"/>)
/// into one reused buffer, and stops with an <see cref="InvalidDataException"/> as soon as a line
/// passes <see cref="DatasetLimits.MaxLineLength"/>: a file without line breaks then costs one
/// line's worth of memory, not the file's.
/// </summary>
internal sealed class LineReader(TextReader reader, string name, int maxLength)
{
    private static readonly System.Buffers.SearchValues<char> BlankCharacters = System.Buffers.SearchValues.Create(" \t\n\r");

    private char[] buffer = new char[(int)Math.Min(maxLength + 1L, 4096)];
    private int start, end;
    private bool endOfText, skipNewline;

    /// <summary>The 1-based number of the last line read.</summary>
    public int LineNumber { get; private set; }

    /// <summary>True once the text is exhausted.</summary>
    public bool AtEnd => endOfText && start == end;

    /// <summary>Reads the next line without its terminator; false at the end of the text. The span lives until the next call.</summary>
    public bool TryRead(out ReadOnlySpan<char> line)
    {
        int searched = 0;
        while (true)
        {
            if (skipNewline && start < end)
            {
                // The \n of a \r\n split across two reads.
                if (buffer[start] == '\n') start++;
                skipNewline = false;
            }

            if (searched == 0 && !skipNewline) SkipBlankLines();

            int at = buffer.AsSpan(start + searched, end - start - searched).IndexOfAny('\n', '\r');
            if (at >= 0)
            {
                int length = searched + at;
                Check(length);
                line = buffer.AsSpan(start, length);
                char terminator = buffer[start + length];
                start += length + 1;
                if (terminator == '\r') skipNewline = true;
                LineNumber++;
                return true;
            }

            searched = end - start;
            Check(searched);
            if (endOfText)
            {
                line = buffer.AsSpan(start, end - start);
                start = end;
                if (line.IsEmpty) return false;
                LineNumber++;
                return true;
            }

            Fill();
        }
    }

    /// <summary>
    /// Skips the blank lines (spaces, tabs and line breaks only) at the start of the buffer in one go,
    /// counting them: a file of nothing but line breaks, a gzip bomb's favourite, would otherwise cost
    /// a call per byte (26 s for 1 GiB against 2 s).
    /// </summary>
    private void SkipBlankLines()
    {
        var pending = buffer.AsSpan(start, end - start);
        int text = pending.IndexOfAnyExcept(BlankCharacters);
        var blank = pending[..(text < 0 ? pending.Length : text)];
        int lastBreak = blank.LastIndexOfAny('\n', '\r');
        if (lastBreak < 0) return;
        var breaks = blank[..(lastBreak + 1)];
        LineNumber += breaks.Count('\n') + breaks.Count('\r') - breaks.Count("\r\n");
        start += breaks.Length;
        skipNewline = breaks[^1] == '\r';
    }

    private void Check(int length)
    {
        if (length > maxLength)
        {
            throw DatasetLimits.Exceeded(name, $"line {LineNumber + 1} is too long (a file without line breaks?)",
                nameof(DatasetLimits.MaxLineLength), maxLength, "characters");
        }
    }

    private void Fill()
    {
        if (start > 0)
        {
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            end -= start;
            start = 0;
        }

        // Room for one character past the limit, so that a line just over it is seen as such.
        if (end == buffer.Length) Array.Resize(ref buffer, (int)Math.Min(maxLength + 1L, 2L * buffer.Length));
        int read = reader.Read(buffer, end, buffer.Length - end);
        if (read == 0) endOfText = true;
        end += read;
    }
}
