using DropWatch.Native;
using static DropWatch.Native.StreamSockets;

namespace DropWatch.Cli.Exporter.Http;

/// <summary>Where a connection is in its request/response cycle; what it polls for follows from it.</summary>
public enum ConnectionState
{
    /// <summary>Closed; the slot is free.</summary>
    Free,
    /// <summary>Open, no byte of the next request yet (new, or kept alive after a response).</summary>
    Idle,
    /// <summary>Part of a request head received.</summary>
    Reading,
    /// <summary>A response is being sent; input waits (responses go out in request order).</summary>
    Sending,
    /// <summary>Reading and dropping the rest of a request's body.</summary>
    Discarding,
    /// <summary>Response sent and our side shut: draining input until the client closes, so the close is clean.</summary>
    Lingering,
}

/// <summary>
/// One client connection's buffers and state. A slot object is reused for later connections, so
/// its two buffers (request head, response head) are allocated once per slot, never per request.
/// All calls are non-blocking; every method returns false when the connection must be closed.
/// </summary>
internal sealed unsafe class HttpConnection(int maxHeadBytes)
{
    private readonly byte[] _input = new byte[maxHeadBytes];
    private readonly byte[] _head = new byte[HttpResponseHead.MaxLength];
    private int _filled, _headLength, _headSent, _bodySent;
    private ReadOnlyMemory<byte> _body;

    public int Fd { get; private set; } = -1;
    public ConnectionState State { get; set; }

    /// <summary>When the current state must be over (Environment.TickCount64 ms).</summary>
    public long Deadline { get; set; }

    /// <summary>When the connection last began waiting for a request: the longest-idle one is evicted first.</summary>
    public long IdleSince { get; set; }

    /// <summary>Accepted at, for choosing the oldest connection to evict.</summary>
    public long OpenedAt { get; private set; }

    /// <summary>Whether the body being sent is the shared metrics page (counted in the server's page users).</summary>
    public bool SendsPage { get; set; }

    /// <summary>After the response: close (else keep the connection for the next request).</summary>
    public bool CloseAfter { get; set; }

    /// <summary>Body bytes still to read and drop after the response.</summary>
    public long DiscardLeft { get; set; }

    public ReadOnlySpan<byte> Input => _input.AsSpan(0, _filled);

    public bool InputFull => _filled == _input.Length;

    public void Open(int fd, long now)
    {
        Fd = fd;
        _filled = 0;
        State = ConnectionState.Idle;
        OpenedAt = IdleSince = now;
        SendsPage = CloseAfter = false;
        DiscardLeft = 0;
    }

    /// <summary>Reads what is there. False on end of input or an error.</summary>
    public bool Receive()
    {
        if (InputFull)
            return true;
        fixed (byte* p = _input)
        {
            nint n = Recv(Fd, p + _filled, (nuint)(_input.Length - _filled), MSG_DONTWAIT);
            if (n > 0)
            {
                _filled += (int)n;
                return true;
            }
            return n < 0 && LibC.LastErrno is Errno.EAGAIN or Errno.EINTR;
        }
    }

    /// <summary>Drops <paramref name="count"/> bytes from the start of the input (a head or body part already handled).</summary>
    public void Consume(int count)
    {
        _input.AsSpan(count, _filled - count).CopyTo(_input);
        _filled -= count;
    }

    /// <summary>The buffer to write the response head into, before <see cref="BeginSend"/>.</summary>
    public Span<byte> HeadBuffer => _head;

    public void BeginSend(int headLength, ReadOnlyMemory<byte> body)
    {
        _headLength = headLength;
        _headSent = _bodySent = 0;
        _body = body;
        State = ConnectionState.Sending;
    }

    /// <summary>Sends what the socket takes now. False on an error; <paramref name="done"/> when all is sent.</summary>
    public bool ContinueSend(out bool done)
    {
        done = false;
        while (_headSent < _headLength)
        {
            int flags = MSG_DONTWAIT | MSG_NOSIGNAL | (_body.IsEmpty ? 0 : MSG_MORE);
            nint n;
            fixed (byte* p = _head)
                n = Send(Fd, p + _headSent, (nuint)(_headLength - _headSent), flags);
            if (n < 0)
                return LibC.LastErrno is Errno.EAGAIN or Errno.EINTR;
            _headSent += (int)n;
        }
        while (_bodySent < _body.Length)
        {
            nint n;
            fixed (byte* p = _body.Span)
                n = Send(Fd, p + _bodySent, (nuint)(_body.Length - _bodySent), MSG_DONTWAIT | MSG_NOSIGNAL);
            if (n < 0)
                return LibC.LastErrno is Errno.EAGAIN or Errno.EINTR;
            _bodySent += (int)n;
        }
        _body = default;
        done = true;
        return true;
    }

    /// <summary>Ends our side of the stream (FIN after the response), keeping input readable to drain it.</summary>
    public void ShutdownSend() => _ = Shutdown(Fd, SHUT_WR);

    public void Close()
    {
        if (Fd >= 0)
            _ = LibC.Close(Fd);
        Fd = -1;
        State = ConnectionState.Free;
        _body = default;
        _filled = 0;
    }
}
