using System.Text;
using DropWatch.ReadLine.Input;

namespace DropWatch.ReadLine.Tests.Fakes;

/// <summary>
/// Input that arrives in the chunks a test chooses, one chunk per read(2), then end of input.
/// Chunks let tests split escape sequences, UTF-8 characters and lines across reads.
/// </summary>
internal sealed class ScriptedInput : IInputSource
{
    private readonly Queue<byte[]> _chunks = new();
    private byte[] _current = Array.Empty<byte>();
    private int _offset;

    public ScriptedInput(params string[] chunks)
    {
        foreach (string chunk in chunks)
        {
            Add(chunk);
        }
    }

    /// <summary>Called at the start of each Read, before any byte is handed out.</summary>
    public Action? BeforeRead { get; set; }

    /// <summary>Thrown by the next read once the chunks run out, instead of end of input.</summary>
    public Exception? FailWhenExhausted { get; set; }

    public int Reads { get; private set; }

    public ScriptedInput Add(string chunk) => Add(Encoding.UTF8.GetBytes(chunk));

    public ScriptedInput Add(byte[] chunk)
    {
        _chunks.Enqueue(chunk);
        return this;
    }

    public int Read(Span<byte> buffer)
    {
        Reads++;
        BeforeRead?.Invoke();
        while (_offset == _current.Length)
        {
            if (!_chunks.TryDequeue(out byte[]? next))
            {
                if (FailWhenExhausted is { } error)
                {
                    throw error;
                }

                return 0;
            }

            _current = next;
            _offset = 0;
        }

        int n = Math.Min(buffer.Length, _current.Length - _offset);
        _current.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }
}
