namespace DropWatch.Core.Tracing;

/// <summary>
/// The tracepoint source could not be set up or used. <see cref="Errno"/> is the kernel's error number
/// when a system call failed (0 otherwise); the message already says what to do about it.
/// </summary>
public class TracepointException : Exception
{
    public TracepointException(string message, int errno = 0, Exception? inner = null)
        : base(message, inner)
    {
        Errno = errno;
    }

    public int Errno { get; }
}
