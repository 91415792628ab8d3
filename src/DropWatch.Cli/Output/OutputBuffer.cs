using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace DropWatch.Cli.Output;

/// <summary>
/// The one buffered writer for each stream dropwatch prints on. Records are formatted straight into
/// its byte buffer (no strings, no allocation) and written out in one syscall per burst; the REPL
/// flushes before it waits for input. The first failed write is remembered and thrown once as an
/// <see cref="OutputFailedException"/>; after it everything written is discarded, so the code that
/// stops monitoring and cleans up can keep "printing" without failing again.
/// </summary>
public sealed class OutputBuffer : IBufferWriter<byte>
{
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _used;

    public OutputBuffer(Stream stream, int capacity = 64 * 1024)
    {
        _stream = stream;
        _buffer = new byte[capacity];
    }

    public Stream Stream => _stream;

    /// <summary>Set by the first failed write; from then on output is discarded.</summary>
    public OutputFailedException? Failure { get; private set; }

    /// <summary>Called once, on the writing thread, when the first write fails (before it is thrown).</summary>
    public Action<OutputFailedException>? OnFailure { get; set; }

    /// <summary>True when nothing buffered is waiting to be written.</summary>
    public bool IsEmpty => _used == 0;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buffer.Length - _used)
        {
            Flush();
            if (bytes.Length > _buffer.Length)
            {
                for (int i = 0; i < bytes.Length; i += _buffer.Length)
                    Write(bytes.Slice(i, Math.Min(_buffer.Length, bytes.Length - i)));
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
        if (Failure is not null)
        {
            _used = 0;
            return;
        }
        try
        {
            if (_used > 0)
            {
                int used = _used;
                _used = 0;
                _stream.Write(_buffer, 0, used);
            }
            _stream.Flush();
        }
        catch (OutputFailedException e)
        {
            Failure = e;
            OnFailure?.Invoke(e);
            throw;
        }
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        int want = Math.Max(sizeHint, 1);
        if (want > _buffer.Length - _used)
            Flush();
        if (want > _buffer.Length)
            _buffer = new byte[want]; // one jumbo record (a 64 KiB payload as base64); empty after the flush above
        return _buffer.AsMemory(_used);
    }

    public void Advance(int count) => _used += count;
}
