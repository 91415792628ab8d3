using DropWatch.Native;

namespace DropWatch.Cli.Hosting;

/// <summary>
/// A program started with stdin, stdout or stderr closed (`dropwatch >&-`) would hand that number
/// to the next descriptor it opens — the netlink socket — and then print into it. Every closed one
/// of the three is filled with /dev/null first thing, and the caller is told which were closed.
/// </summary>
public static class StandardStreams
{
    /// <summary>Returns whether stdout was closed at start (then nothing we print can be seen).</summary>
    public static bool FillClosed()
    {
        bool stdoutClosed = false;
        for (int fd = 0; fd <= 2; fd++)
        {
            if (LibC.Fcntl(fd, LibC.F_GETFD, 0) >= 0 || LibC.LastErrno != Errno.EBADF)
                continue;
            if (fd == 1)
                stdoutClosed = true;
            // open() returns the lowest free number, which is this one.
            _ = LibC.Open("/dev/null", LibC.O_RDWR, 0);
        }
        return stdoutClosed;
    }
}
