using System.Buffers.Text;
using System.Text;

namespace DropWatch.Cli.Output;

/// <summary>
/// The one buffered writer for everything dropwatch prints on stdout. Alerts are formatted
/// straight into its byte buffer (no strings, no allocation) and written out in one syscall per
/// received datagram; the REPL flushes before it waits for input.
/// </summary>
public sealed class OutputBuffer
{
    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private int _used;

    public OutputBuffer(Stream stream, int capacity = 64 * 1024)
    {
        _stream = stream;
        _buffer = new byte[capacity];
    }

    public Stream Stream => _stream;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buffer.Length - _used)
        {
            Flush();
            if (bytes.Length > _buffer.Length)
            {
                _stream.Write(bytes);
                return;
            }
        }
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    public void Write(byte b)
    {
        if (_used == _buffer.Length) Flush();
        _buffer[_used++] = b;
    }

    public void Write(string text)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max > _buffer.Length - _used) Flush();
        if (max > _buffer.Length)
        {
            Write(Encoding.UTF8.GetBytes(text));
            return;
        }
        _used += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_used));
    }

    public void WriteLine(string text)
    {
        Write(text);
        Write((byte)'\n');
    }

    public void WriteLine(ReadOnlySpan<byte> utf8)
    {
        Write(utf8);
        Write((byte)'\n');
    }

    public void WriteDecimal(long value) => Format(value, default);

    public void WriteDecimal(ulong value) => Format(value, default);

    /// <summary>Lower-case hex without a prefix or padding, like printf's <c>%llx</c>.</summary>
    public void WriteHex(ulong value) => Format(value, new System.Buffers.StandardFormat('x'));

    private void Format(long value, System.Buffers.StandardFormat format)
    {
        if (_buffer.Length - _used < 24) Flush();
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_used), out int written, format);
        _used += written;
    }

    private void Format(ulong value, System.Buffers.StandardFormat format)
    {
        if (_buffer.Length - _used < 24) Flush();
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_used), out int written, format);
        _used += written;
    }

    public void Flush()
    {
        if (_used > 0)
        {
            _stream.Write(_buffer, 0, _used);
            _used = 0;
        }
        _stream.Flush();
    }
}
