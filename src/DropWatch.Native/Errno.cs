namespace DropWatch.Native;

/// <summary>The errno values the tool reacts to by name (x86-64 / asm-generic numbering): the one table.</summary>
public static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int EACCES = 13;
    public const int EBUSY = 16;
    public const int ENODEV = 19;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int EMFILE = 24;
    public const int EFBIG = 27;
    public const int ENOSPC = 28;
    public const int EPIPE = 32;
    public const int EBADMSG = 74;
    public const int EMSGSIZE = 90;
    public const int EOPNOTSUPP = 95;
    public const int ECONNABORTED = 103;
    public const int ENOBUFS = 105;
    public const int ETIMEDOUT = 110;
    public const int EINPROGRESS = 115;
    public const int ENOTSUPP = 524; // kernel-internal, leaks to user space from old NET_DM CONFIG

    /// <summary>The C library's text for <paramref name="errno"/> (strerror).</summary>
    public static string Text(int errno) => System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno);
}
