namespace DropWatch.Native;

/// <summary>
/// The tool's one way to wake a thread blocked in poll(2) from another thread (a signal handler's):
/// an eventfd that joins the poll set. EINTR cannot do it, because the .NET runtime takes signals on
/// a thread of its own.
/// </summary>
public sealed unsafe class EventWaker : IDisposable
{
    private int _fd;

    public EventWaker()
    {
        _fd = LibC.EventFd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
        if (_fd < 0)
            throw new NativeCallException("create eventfd", LibC.LastErrno);
    }

    /// <summary>The descriptor to poll for POLLIN.</summary>
    public int Fd => Volatile.Read(ref _fd);

    /// <summary>Makes the descriptor readable. Safe from any thread, also after <see cref="Dispose"/>.</summary>
    public void Wake()
    {
        ulong one = 1;
        int fd = Volatile.Read(ref _fd);
        if (fd >= 0)
            _ = LibC.Write(fd, &one, sizeof(ulong));
    }

    /// <summary>Takes the wake-up back after poll reported it.</summary>
    public void Consume()
    {
        ulong count;
        int fd = Volatile.Read(ref _fd);
        if (fd >= 0)
            _ = LibC.Read(fd, &count, sizeof(ulong));
    }

    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
            _ = LibC.Close(fd);
    }
}
