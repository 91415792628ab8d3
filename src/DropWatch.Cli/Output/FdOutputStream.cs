using DropWatch.Native;

namespace DropWatch.Cli.Output;

/// <summary>
/// stdout or stderr written with write(2) directly. .NET's console stream pretends an EPIPE write
/// succeeded, so `dropwatch | head` would keep monitoring for ever; here every failure surfaces as
/// an <see cref="OutputFailedException"/> with its errno, on the first failed write.
/// </summary>
public sealed unsafe class FdOutputStream(int fd, string name) : Stream
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

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush()
    {
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
