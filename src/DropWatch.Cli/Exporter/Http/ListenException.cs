namespace DropWatch.Cli.Exporter.Http;

/// <summary>The endpoint cannot be listened on; the message is the system's reason (<c>Address already in use</c>).</summary>
public sealed class ListenException(string operation, int errno) : Exception(DropWatch.Native.Errno.Text(errno))
{
    /// <summary>The call that failed (socket, bind, listen), for diagnostics.</summary>
    public string Operation { get; } = operation;

    public int Errno { get; } = errno;
}
