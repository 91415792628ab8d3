using DropWatch.Native;

namespace DropWatch.Cli.Hosting;

/// <summary>
/// Notices that the reader of our stdout went away even when nothing is being written (monitoring
/// with no drops: `dropwatch | head` after head exited). poll(2) with no events asked still reports
/// POLLERR on a pipe whose read end is closed, and POLLHUP on a hung-up terminal; regular files and
/// /dev/null never report either, so the thread just sleeps there.
/// </summary>
public sealed unsafe class StdoutWatcher : IDisposable
{
    private readonly EventWaker _quit = new();
    private readonly Thread _thread;

    private StdoutWatcher(int fd, StopSignal stop)
    {
        _thread = new Thread(() => Watch(fd, stop)) { IsBackground = true, Name = "stdout watcher" };
        _thread.Start();
    }

    public static StdoutWatcher Start(int fd, StopSignal stop) => new(fd, stop);

    private void Watch(int fd, StopSignal stop)
    {
        var fds = stackalloc LibC.PollFd[2];
        while (true)
        {
            fds[0] = new LibC.PollFd { Fd = fd, Events = 0 };
            fds[1] = new LibC.PollFd { Fd = _quit.Fd, Events = LibC.POLLIN };
            int ready = LibC.Poll(fds, 2, -1);
            if (ready < 0 && LibC.LastErrno == Errno.EINTR)
                continue;
            if (ready < 0 || fds[1].Revents != 0)
                return;
            if ((fds[0].Revents & (LibC.POLLERR | LibC.POLLHUP)) != 0)
            {
                stop.RequestOutputClosed();
                return;
            }
            if ((fds[0].Revents & 0x20 /* POLLNVAL */) != 0)
                return;
        }
    }

    public void Dispose()
    {
        _quit.Wake();
        _thread.Join(1000);
        _quit.Dispose();
    }
}
