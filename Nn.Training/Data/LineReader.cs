namespace Nn.Training;

/// <summary>
/// Reads text line by line (terminated by \n, \r\n or \r, as <see cref="TextReader.ReadLine"/>)
/// into one reused buffer, and stops with an <see cref="InvalidDataException"/> as soon as a line
/// passes <see cref="DatasetLimits.MaxLineLength"/>: a file without line breaks then costs one
/// line's worth of memory, not the file's.
/// </summary>
internal sealed class LineReader(TextReader reader, string name, int maxLength)
{
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
