using DropWatch.Native;

namespace DropWatch.Cli.Hosting;

/// <summary>
/// A program started with stdin, stdout or stderr closed (`dropwatch >&-`) would hand that number
/// to the next descriptor it opens — the netlink socket — and then print into it. Every closed one
/// of the three is filled with /dev/null first thing, and the caller is told which were closed.
/// </summary>
public static class StandardStreams
{
    /// <summary>
    /// Returns whether stdout was closed at start (then nothing we print can be seen). The runtime
    /// itself may already have reused a closed 1 for a file it reads before Main runs, so "closed"
    /// also covers a descriptor 1 that is open for reading only.
    /// </summary>
    public static bool FillClosed()
    {
        int flags = LibC.Fcntl(1, LibC.F_GETFL, 0);
        bool stdoutClosed = flags < 0 || (flags & LibC.O_ACCMODE) == LibC.O_RDONLY;
        for (int fd = 0; fd <= 2; fd++)
        {
            // open() returns the lowest free number, which is this one.
            if (LibC.Fcntl(fd, LibC.F_GETFD, 0) < 0 && LibC.LastErrno == Errno.EBADF)
                _ = LibC.Open("/dev/null", LibC.O_RDWR, 0);
        }
        return stdoutClosed;
    }
}
