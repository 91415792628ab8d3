using System.Text;

namespace DropWatch.ReadLine.Input;

/// <summary>
/// Splits non-terminal input (a pipe or a file) into lines. Only '\n' ends a line, as with GNU
/// readline on a non-tty: a '\r' stays part of the line. A last line without '\n' is still a line.
/// Reading ahead into the private buffer is fine because nothing else reads this fd.
/// </summary>
internal sealed class PipeLineReader
{
    private readonly IInputSource _source;
    private byte[] _buffer = new byte[4096];
    private int _start; // first unconsumed byte
    private int _end;   // one past the last buffered byte
    private bool _eof;

    public PipeLineReader(IInputSource source) => _source = source;

    /// <summary>
    /// Returns the next line's raw bytes without the '\n' (valid until the next call), or false at
    /// end of input. The raw bytes let the caller echo exactly what it read, even invalid UTF-8.
    /// </summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        int scanned = 0; // bytes after _start already known to hold no '\n'
        while (true)
        {
            int newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                int length = scanned + newline;
                line = _buffer.AsSpan(_start, length);
                _start += length + 1;
                return true;
            }

            if (_eof)
            {
                line = _buffer.AsSpan(_start, _end - _start);
                _start = _end;
                return !line.IsEmpty;
            }

            scanned = _end - _start;
            Fill();
        }
    }

    /// <summary>Decodes a line as UTF-8; invalid bytes become U+FFFD rather than failing.</summary>
    public static string Decode(ReadOnlySpan<byte> line) => Encoding.UTF8.GetString(line);

    private void Fill()
    {
        if (_start > 0)
        {
            // Compact: keep the partial line at the front so the buffer only grows for long lines.
            int pending = _end - _start;
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
            _start = 0;
            _end = pending;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        int n = _source.Read(_buffer.AsSpan(_end));
        if (n == 0)
        {
            _eof = true;
        }
        else
        {
            _end += n;
        }
    }
}
