namespace DropWatch.Native;

/// <summary>A libc call failed: what was being done, and errno.</summary>
public sealed class NativeCallException(string operation, int errno)
    : Exception($"{operation} failed: {DropWatch.Native.Errno.Text(errno)}")
{
    public string Operation { get; } = operation;
    public int Errno { get; } = errno;
}
