using System.Runtime.InteropServices;

namespace DropWatch.Native;

/// <summary>
/// fstat(2) for the one field the tool reads, st_mode. Through syscall(2), not glibc's fstat: glibc before 2.33
/// exports no fstat symbol (only __fxstat), and the kernel's struct stat is what glibc's is on x86-64 and arm64.
/// The layouts differ between the two, so only the offset of st_mode is architecture-specific.
/// </summary>
public static unsafe class FileStatus
{
    public const uint S_IFMT = 0xF000;
    public const uint S_IFIFO = 0x1000;
    public const uint S_IFCHR = 0x2000;
    public const uint S_IFDIR = 0x4000;
    public const uint S_IFBLK = 0x6000;
    public const uint S_IFREG = 0x8000;
    public const uint S_IFSOCK = 0xC000;

    // x86-64 (arch/x86/include/uapi/asm/stat.h): dev, ino, nlink (8 bytes each), then mode: 144 bytes in all.
    // arm64 (asm-generic/stat.h): dev, ino (8 bytes each), then mode: 128 bytes in all.
    private const int LargestStat = 144;

    private static readonly (long Number, int ModeOffset) Fstat = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => (5, 24),
        Architecture.Arm64 => (80, 16),
        var other => throw new PlatformNotSupportedException($"fstat layout unknown for {other}"),
    };

    /// <summary>st_mode of <paramref name="fd"/>; returns 0, or -1 with errno in <see cref="LibC.LastErrno"/>.</summary>
    public static int Mode(int fd, out uint mode)
    {
        byte* buffer = stackalloc byte[LargestStat];
        long rc = LibC.Syscall(Fstat.Number, fd, buffer);
        mode = rc == 0 ? *(uint*)(buffer + Fstat.ModeOffset) : 0;
        return rc == 0 ? 0 : -1;
    }
}
