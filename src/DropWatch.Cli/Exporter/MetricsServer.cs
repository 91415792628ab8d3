using DropWatch.Cli.Exporter.Http;
using DropWatch.Native;
using static DropWatch.Native.StreamSockets;

namespace DropWatch.Cli.Exporter;

/// <summary>
/// Serves <c>GET /metrics</c> over HTTP/1.1 from one thread that multiplexes every connection with
/// poll(2): a slow, silent or non-reading client only ever costs its own connection (each state has
/// a deadline, see <see cref="HttpLimits"/>), never another client's scrape. The page is rendered
/// into one reused buffer; responses that overlap share one rendering, and a new one is made only
/// when no response is still sending the last (so every byte of one rendering goes out within
/// <see cref="HttpLimits.SendTimeoutMs"/> of it, and a scrape is at most that stale).
/// </summary>
public sealed unsafe class MetricsServer : IDisposable
{
    private static ReadOnlySpan<byte> PageContentType => "text/plain; version=0.0.4; charset=utf-8"u8;
    private static ReadOnlySpan<byte> TextContentType => "text/plain; charset=utf-8"u8;

    private static readonly ReadOnlyMemory<byte> RootBody = "dropwatch exporter: metrics at /metrics\n"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> NotFoundBody = "not found: metrics are at /metrics\n"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> BadRequestBody = "bad request\n"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> TooLargeBody = "request head too large\n"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> BodyTooLargeBody = "request body too large\n"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> VersionBody = "only HTTP/1.0 and HTTP/1.1 are served\n"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> TransferEncodingBody = "request bodies with Transfer-Encoding are not accepted\n"u8.ToArray();

    private readonly int _listenFd;
    private readonly EventWaker _waker = new();
    private readonly MetricsPage _page;
    private readonly HttpLimits _limits;
    private readonly ExpositionWriter _writer = new();
    private readonly HttpConnection?[] _slots;
    private readonly LibC.PollFd[] _pollFds;
    private readonly int[] _pollSlot;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private int _pageUsers;
    private long _pageRenderedAt;
    private long _acceptPausedUntil;
    private long _allocated;

    private MetricsServer(int listenFd, MetricsPage page, HttpLimits limits)
    {
        _listenFd = listenFd;
        _page = page;
        _limits = limits;
        _slots = new HttpConnection?[limits.MaxConnections];
        _pollFds = new LibC.PollFd[limits.MaxConnections + 2];
        _pollSlot = new int[limits.MaxConnections + 2];
        _thread = new Thread(Serve) { IsBackground = true, Name = "metrics" };
    }

    /// <summary>Binds the endpoint (throws <see cref="ListenException"/> when it cannot) and starts serving.</summary>
    public static MetricsServer Start(ListenEndpoint endpoint, MetricsPage page, HttpLimits? limits = null)
    {
        int fd = ListenSocket.Open(endpoint);
        MetricsServer server;
        try
        {
            server = new MetricsServer(fd, page, limits ?? new HttpLimits());
        }
        catch (NativeCallException e)
        {
            _ = LibC.Close(fd);
            throw new ListenException(e.Operation, e.Errno); // the wake-up eventfd: out of descriptors
        }
        server._thread.Start();
        return server;
    }

    /// <summary>Bytes the serving thread has allocated, as of its last poll round (the zero-allocation scrape test).</summary>
    internal long AllocatedBytes => Volatile.Read(ref _allocated);

    private void Serve()
    {
        try
        {
            while (!_stopping)
            {
                long now = Environment.TickCount64;
                int count = PreparePoll(now, out int timeout);
                int ready;
                fixed (LibC.PollFd* fds = _pollFds)
                    ready = LibC.Poll(fds, (nuint)count, timeout);
                if (ready < 0 && LibC.LastErrno != Errno.EINTR)
                    return; // nothing sensible is left to serve with
                now = Environment.TickCount64;
                if (ready > 0)
                    Handle(count, now);
                ExpireDeadlines(now);
                Volatile.Write(ref _allocated, GC.GetAllocatedBytesForCurrentThread());
            }
        }
        finally
        {
            foreach (HttpConnection? c in _slots)
                Drop(c);
            _ = LibC.Close(_listenFd);
        }
    }

    private int PreparePoll(long now, out int timeout)
    {
        int n = 0;
        _pollFds[n++] = new LibC.PollFd { Fd = _waker.Fd, Events = LibC.POLLIN };
        long next = long.MaxValue;
        if (now >= _acceptPausedUntil)
        {
            _pollSlot[n] = -1;
            _pollFds[n++] = new LibC.PollFd { Fd = _listenFd, Events = LibC.POLLIN };
        }
        else
        {
            next = _acceptPausedUntil;
        }
        for (int i = 0; i < _slots.Length; i++)
        {
            if (_slots[i] is not { State: not ConnectionState.Free } c)
                continue;
            _pollSlot[n] = i;
            _pollFds[n++] = new LibC.PollFd { Fd = c.Fd, Events = c.State == ConnectionState.Sending ? LibC.POLLOUT : LibC.POLLIN };
            next = Math.Min(next, c.Deadline);
        }
        timeout = next == long.MaxValue ? -1 : (int)Math.Clamp(next - now, 0, int.MaxValue);
        return n;
    }

    private void Handle(int count, long now)
    {
        if ((_pollFds[0].Revents & LibC.POLLIN) != 0)
        {
            _waker.Consume();
            return;
        }
        for (int k = 1; k < count; k++)
        {
            short revents = _pollFds[k].Revents;
            if (revents == 0)
                continue;
            if (_pollSlot[k] < 0)
            {
                Accept(now);
                continue;
            }
            HttpConnection c = _slots[_pollSlot[k]]!;
            if (c.State == ConnectionState.Free || c.Fd != _pollFds[k].Fd)
                continue; // closed (evicted) during this round
            bool ok = c.State == ConnectionState.Sending ? Progress(c, now) : Read(c, now);
            if (!ok)
                Drop(c);
        }
    }

    private void Accept(long now)
    {
        for (int tries = 0; tries < 16; tries++)
        {
            int fd = Accept4(_listenFd, null, null, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0)
            {
                int errno = LibC.LastErrno;
                // A client that reset before it was taken (ECONNABORTED): just go on. Out of descriptors (or memory): stop polling the listener for a moment instead of spinning on it.
                if (errno is not (Errno.EAGAIN or Errno.EINTR or Errno.ECONNABORTED))
                    _acceptPausedUntil = now + 100;
                return;
            }
            int one = 1;
            _ = LibC.SetSockOpt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(int));
            HttpConnection c = FreeSlot();
            c.Open(fd, now);
            c.Deadline = now + _limits.HeadTimeoutMs;
        }
    }

    /// <summary>A free slot, or the one of the longest-idle connection (else the oldest), closed for the new one.</summary>
    private HttpConnection FreeSlot()
    {
        HttpConnection? idle = null, oldest = null;
        for (int i = 0; i < _slots.Length; i++)
        {
            HttpConnection? c = _slots[i];
            if (c is null)
                return _slots[i] = new HttpConnection(_limits.MaxHeadBytes);
            if (c.State == ConnectionState.Free)
                return c;
            if (c.State == ConnectionState.Idle && (idle is null || c.IdleSince < idle.IdleSince))
                idle = c;
            if (oldest is null || c.OpenedAt < oldest.OpenedAt)
                oldest = c;
        }
        HttpConnection victim = idle ?? oldest!;
        Drop(victim);
        return victim;
    }

    private bool Read(HttpConnection c, long now) => c.Receive() && Progress(c, now);

    /// <summary>
    /// Moves the connection on as far as its input and the socket allow: sends, drops body bytes,
    /// reads the next request (pipelined ones one after the other, each answered in turn).
    /// False when it must be closed.
    /// </summary>
    private bool Progress(HttpConnection c, long now)
    {
        while (true)
        {
            switch (c.State)
            {
                case ConnectionState.Sending:
                    if (!c.ContinueSend(out bool done))
                        return false;
                    if (!done)
                        return true;
                    Finished(c, now);
                    break;
                case ConnectionState.Discarding:
                    int take = (int)Math.Min(c.DiscardLeft, c.Input.Length);
                    c.Consume(take);
                    c.DiscardLeft -= take;
                    if (c.DiscardLeft > 0)
                        return true;
                    Await(c, now);
                    break;
                case ConnectionState.Lingering:
                    c.Consume(c.Input.Length);
                    return true;
                default:
                    if (c.Input.IsEmpty)
                        return true;
                    if (!Begin(c, now))
                        return true; // head incomplete
                    break;
            }
        }
    }

    /// <summary>Reads a request head from the input and starts its response; false while the head is incomplete.</summary>
    private bool Begin(HttpConnection c, long now)
    {
        HeadStatus status = HttpRequestHead.Parse(c.Input, _limits.MaxHeadBytes, out HttpRequestHead head);
        switch (status)
        {
            case HeadStatus.Incomplete:
                if (c.State == ConnectionState.Idle)
                {
                    c.State = ConnectionState.Reading;
                    c.Deadline = Math.Min(c.Deadline, now + _limits.HeadTimeoutMs);
                }
                return false;
            case HeadStatus.Complete:
                break;
            case HeadStatus.TooLarge:
                Respond(c, 431, TooLargeBody, close: true, now);
                return true;
            case HeadStatus.UnsupportedVersion:
                Respond(c, 505, VersionBody, close: true, now);
                return true;
            case HeadStatus.UnsupportedTransferEncoding:
                Respond(c, 501, TransferEncodingBody, close: true, now);
                return true;
            default:
                Respond(c, 400, BadRequestBody, close: true, now);
                return true;
        }

        c.Consume(head.Length);
        if (head.ContentLength > _limits.MaxBodyBytes)
        {
            Respond(c, 413, BodyTooLargeBody, close: true, now);
            return true;
        }
        c.DiscardLeft = head.ContentLength;
        bool close = !head.KeepAlive;
        bool withBody = head.Method == RequestMethod.Get;
        if (head.Method == RequestMethod.Other)
            Respond(c, 405, default, close, now);
        else if (head.Path == RequestPath.Metrics)
            RespondWithPage(c, close, withBody, now);
        else if (head.Path == RequestPath.Root)
            Respond(c, 200, RootBody, close, now, withBody);
        else
            Respond(c, 404, NotFoundBody, close, now, withBody);
        return true;
    }

    private void RespondWithPage(HttpConnection c, bool close, bool withBody, long now)
    {
        if (_pageUsers == 0)
        {
            _page.Render(_writer);
            _pageRenderedAt = now;
        }
        ReadOnlyMemory<byte> page = _writer.Written;
        int headLength = HttpResponseHead.Write(c.HeadBuffer, 200, PageContentType, page.Length, close, DateTime.UtcNow);
        c.CloseAfter = close;
        c.BeginSend(headLength, withBody ? page : default);
        if (withBody)
        {
            c.SendsPage = true;
            _pageUsers++;
        }
        c.Deadline = (withBody ? _pageRenderedAt : now) + _limits.SendTimeoutMs;
    }

    private void Respond(HttpConnection c, int code, ReadOnlyMemory<byte> body, bool close, long now, bool withBody = true)
    {
        int headLength = HttpResponseHead.Write(c.HeadBuffer, code, body.IsEmpty ? default : TextContentType, body.Length, close, DateTime.UtcNow);
        c.CloseAfter = close;
        c.BeginSend(headLength, withBody ? body : default);
        c.Deadline = now + _limits.SendTimeoutMs;
    }

    /// <summary>After the last byte of a response: close gracefully, drop the body, or wait for the next request.</summary>
    private void Finished(HttpConnection c, long now)
    {
        ReleasePage(c);
        if (c.CloseAfter)
        {
            c.ShutdownSend();
            c.State = ConnectionState.Lingering;
            c.Deadline = now + _limits.LingerMs;
        }
        else if (c.DiscardLeft > 0)
        {
            c.State = ConnectionState.Discarding;
            c.Deadline = now + _limits.HeadTimeoutMs;
        }
        else
        {
            Await(c, now);
        }
    }

    private void Await(HttpConnection c, long now)
    {
        c.State = ConnectionState.Idle;
        c.IdleSince = now;
        c.Deadline = now + _limits.IdleTimeoutMs;
    }

    private void ReleasePage(HttpConnection c)
    {
        if (!c.SendsPage)
            return;
        c.SendsPage = false;
        _pageUsers--;
    }

    private void ExpireDeadlines(long now)
    {
        foreach (HttpConnection? c in _slots)
        {
            if (c is { State: not ConnectionState.Free } && now >= c.Deadline)
                Drop(c);
        }
    }

    private void Drop(HttpConnection? c)
    {
        if (c is null || c.State == ConnectionState.Free)
            return;
        ReleasePage(c);
        c.Close();
    }

    public void Dispose()
    {
        _stopping = true;
        _waker.Wake();
        _thread.Join(TimeSpan.FromSeconds(2));
        _waker.Dispose();
    }
}
