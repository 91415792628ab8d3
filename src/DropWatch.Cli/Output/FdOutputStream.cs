using DropWatch.Native;

namespace DropWatch.Cli.Output;

/// <summary>
/// stdout or stderr written with write(2) directly. .NET's console stream pretends an EPIPE write
/// succeeded, so `dropwatch | head` would keep monitoring for ever; here every failure surfaces as
/// an <see cref="OutputFailedException"/> with its errno, on the first failed write.
/// </summary>
public sealed unsafe class FdOutputStream(int fd, string name) : WriteOnlyStream
{
    public static FdOutputStream StandardOutput() => new(1, "standard output");

    public static FdOutputStream StandardError() => new(2, "standard error");

    public int Fd => fd;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            int done = 0;
            while (done < buffer.Length)
            {
                nint n = LibC.Write(fd, start + done, (nuint)(buffer.Length - done));
                if (n >= 0)
                {
                    done += (int)n;
                    continue;
                }
                int errno = LibC.LastErrno;
                if (errno != Errno.EINTR)
                    throw new OutputFailedException(name, errno);
            }
        }
    }

    public override void WriteByte(byte value) => Write([value]);
}
