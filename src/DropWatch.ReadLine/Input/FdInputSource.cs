using DropWatch.Native;

namespace DropWatch.ReadLine.Input;

/// <summary>
/// Reads straight from a file descriptor with read(2). We avoid Console.In and FileStream on
/// purpose: .NET's console layer keeps its own idea of the terminal state, and a buffered stream
/// would swallow bytes that belong to the next ReadLine call.
/// </summary>
internal sealed class FdInputSource : IInputSource
{
    private readonly int _fd;

    public FdInputSource(int fd) => _fd = fd;

    public unsafe int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            nint n;
            fixed (byte* p = buffer)
            {
                n = LibC.Read(_fd, p, (nuint)buffer.Length);
            }

            if (n >= 0)
            {
                return (int)n;
            }

            int err = LibC.LastErrno;
            if (err == Errno.EINTR)
            {
                // A signal handler ran (e.g. SIGWINCH); the read itself is still wanted.
                continue;
            }

            if (err == Errno.EIO)
            {
                // A terminal whose other side hung up reports EIO: for a line reader that is end of input.
                return 0;
            }

            throw new IOException($"read(fd {_fd}) failed: errno {err}", err);
        }
    }
}
