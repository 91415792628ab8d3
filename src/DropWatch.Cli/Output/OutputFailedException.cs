using DropWatch.Native;

namespace DropWatch.Cli.Output;

/// <summary>
/// A write to one of our standard streams failed. <see cref="Errno"/> tells a reader that went away
/// (EPIPE: `dropwatch | head`) from a real I/O error (ENOSPC on /dev/full, EIO, EBADF …).
/// </summary>
public sealed class OutputFailedException(string stream, int errno) : IOException(Describe(stream, errno))
{
    // EBADF on our own stdout means it was closed or opened read-only when we were started.
    private static string Describe(string stream, int errno) => errno == DropWatch.Native.Errno.EBADF
        ? $"cannot write to {stream}: it is closed or not open for writing"
        : $"cannot write to {stream}: {DropWatch.Native.Errno.Text(errno)}";

    public string StreamName { get; } = stream;
    public int Errno { get; } = errno;
    public bool ReaderGone => Errno == DropWatch.Native.Errno.EPIPE;
}
