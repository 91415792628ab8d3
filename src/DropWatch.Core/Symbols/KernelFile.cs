using System.Buffers;
using DropWatch.Native;

namespace DropWatch.Core.Symbols;

/// <summary>
/// Reads kernel-provided files with open/read/pread so that failures keep their errno (the .NET file APIs turn
/// EACCES and ENOENT into exceptions whose text is not the errno text users search for), and so that procfs
/// files, whose size reads as 0, are read to their real end.
/// </summary>
/// <remarks>
/// Only regular files are read (procfs and sysfs files are regular too). A FIFO would block in open() until a
/// writer came and in read() until it closed, and a device such as <c>/dev/zero</c> never ends, so the file is
/// opened with O_NONBLOCK (which makes open() of a FIFO return at once) and refused after fstat() unless it is
/// regular. A regular file is finite, but a sparse one can be huge, so line reading also stops at
/// <see cref="MaxLineFileBytes"/>.
/// </remarks>
internal sealed unsafe class KernelFile : IDisposable
{
    /// <summary>More than any symbol file (a kallsyms of an all-modules kernel is ~20 MB); reading stops here.</summary>
    public const long MaxLineFileBytes = 256L << 20;

    private int _fd;

    private KernelFile(string path, int fd)
    {
        Path = path;
        _fd = fd;
    }

    public string Path { get; }

    public static FileError? TryOpen(string path, out KernelFile? file)
    {
        file = null;
        int fd;
        do fd = LibC.Open(path, LibC.O_RDONLY | LibC.O_CLOEXEC | LibC.O_NONBLOCK, 0);
        while (fd < 0 && LibC.LastErrno == Errno.EINTR);

        if (fd < 0) return new FileError(path, "open", LibC.LastErrno);
        if (RefuseUnlessRegular(path, fd) is { } refused)
        {
            LibC.Close(fd);
            return refused;
        }

        file = new KernelFile(path, fd);
        return null;
    }

    private static FileError? RefuseUnlessRegular(string path, int fd)
    {
        if (FileStatus.Mode(fd, out uint mode) < 0) return new FileError(path, "stat", LibC.LastErrno);
        uint type = mode & FileStatus.S_IFMT;
        if (type == FileStatus.S_IFREG) return null;
        // A directory keeps the errno read() would give, so its message stays the familiar one.
        if (type == FileStatus.S_IFDIR) return new FileError(path, "read", Errno.EISDIR);
        return new FileError(path, "read", Errno.EINVAL, $"not a regular file ({Describe(type)})");
    }

    private static string Describe(uint type) =>
        type == FileStatus.S_IFIFO ? "a FIFO"
        : type == FileStatus.S_IFCHR ? "a character device"
        : type == FileStatus.S_IFBLK ? "a block device"
        : type == FileStatus.S_IFSOCK ? "a socket"
        : $"file type 0x{type:x}";

    /// <summary>Sequential read; returns the byte count (0 at end of file) or -1 with <paramref name="error"/> set.</summary>
    public int Read(Span<byte> buffer, out FileError? error)
    {
        error = null;
        long n;
        fixed (byte* p = buffer)
        {
            do n = LibC.Read(_fd, p, (nuint)buffer.Length);
            while (n < 0 && LibC.LastErrno == Errno.EINTR);
        }

        if (n < 0) error = new FileError(Path, "read", LibC.LastErrno);
        return (int)n;
    }

    /// <summary>Reads up to <paramref name="buffer"/>.Length bytes at <paramref name="offset"/>; fewer only at end of file.</summary>
    public int ReadAt(Span<byte> buffer, long offset, out FileError? error)
    {
        error = null;
        int total = 0;
        while (total < buffer.Length)
        {
            long n;
            fixed (byte* p = buffer[total..])
            {
                do n = LibC.PRead(_fd, p, (nuint)(buffer.Length - total), offset + total);
                while (n < 0 && LibC.LastErrno == Errno.EINTR);
            }

            if (n < 0)
            {
                error = new FileError(Path, "read", LibC.LastErrno);
                return -1;
            }

            if (n == 0) break;
            total += (int)n;
        }

        return total;
    }

    /// <summary>
    /// Reads the whole file as text lines (without the newline), handing each to <paramref name="onLine"/>.
    /// Lines longer than the internal 1 MiB buffer are passed truncated to that length, never split.
    /// </summary>
    public FileError? ReadLines(ILineSink sink)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            int filled = 0;
            long total = 0;
            bool discarding = false; // inside the tail of an over-long line already handed out
            while (true)
            {
                int n = Read(buffer.AsSpan(filled), out FileError? error);
                if (n < 0) return error;
                total += n;
                if (total > MaxLineFileBytes)
                    return new FileError(Path, "read", Errno.EFBIG, $"larger than {MaxLineFileBytes >> 20} MiB, too large for a symbol file");
                if (n == 0)
                {
                    if (filled > 0 && !discarding) sink.OnLine(buffer.AsSpan(0, filled));
                    return null;
                }

                filled += n;
                Span<byte> data = buffer.AsSpan(0, filled);
                int consumed = 0;
                while (true)
                {
                    int newline = data[consumed..].IndexOf((byte)'\n');
                    if (newline < 0) break;
                    if (!discarding) sink.OnLine(data.Slice(consumed, newline));
                    discarding = false;
                    consumed += newline + 1;
                }

                if (consumed == 0 && filled == buffer.Length)
                {
                    if (!discarding) sink.OnLine(data);
                    discarding = true;
                    filled = 0;
                    continue;
                }

                data[consumed..].CopyTo(buffer);
                filled -= consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose()
    {
        if (_fd >= 0) LibC.Close(_fd);
        _fd = -1;
    }
}

/// <summary>Receives the lines of a file read by <see cref="KernelFile.ReadLines"/>.</summary>
internal interface ILineSink
{
    void OnLine(ReadOnlySpan<byte> line);
}
