using System.Runtime.InteropServices;

namespace DropWatch.Native;

/// <summary>
/// glibc's struct termios on x86-64 and arm64 (both use the generic layout: NCCS 32, 60 bytes with the
/// two speed fields), and the flag bits the line editor changes (asm-generic termbits, same on both).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct Termios
{
    public uint InputFlags;   // c_iflag
    public uint OutputFlags;  // c_oflag
    public uint ControlFlags; // c_cflag
    public uint LocalFlags;   // c_lflag
    public byte LineDiscipline; // c_line
    public fixed byte ControlChars[32]; // c_cc[NCCS]
    public uint InputSpeed;   // c_ispeed
    public uint OutputSpeed;  // c_ospeed

    // c_lflag
    public const uint ISIG = 0x1;
    public const uint ICANON = 0x2;
    public const uint ECHO = 0x8;
    public const uint IEXTEN = 0x8000;

    // c_iflag
    public const uint ICRNL = 0x100;
    public const uint IXON = 0x400;

    // c_cc indexes
    public const int VTIME = 5;
    public const int VMIN = 6;

    // tcsetattr's "when"
    public const int TCSANOW = 0;
    public const int TCSADRAIN = 1;
}

/// <summary>struct winsize (TIOCGWINSZ): rows, columns, and pixel sizes nobody fills in.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct WindowSize
{
    public ushort Rows;
    public ushort Columns;
    public ushort PixelWidth;
    public ushort PixelHeight;

    /// <summary>ioctl request for the size; 0x5413 on x86-64 and arm64 (asm-generic ioctls).</summary>
    public const ulong TIOCGWINSZ = 0x5413;

    /// <summary>The size of the terminal on <paramref name="fd"/>, or false when it is not a terminal.</summary>
    public static unsafe bool TryGet(int fd, out WindowSize size)
    {
        WindowSize s;
        bool ok = LibC.Ioctl(fd, TIOCGWINSZ, (nint)(&s)) == 0;
        size = ok ? s : default;
        return ok;
    }
}
