using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace DropWatch.ReadLine.Tests.Fakes;

/// <summary>
/// A pseudo-terminal pair, closed on dispose. The editor uses the slave side as it would a user's
/// terminal; the test types on the master side and, with <see cref="StartScreen"/>, reads what the
/// editor drew back through the line discipline, as a terminal emulator would.
/// </summary>
internal sealed partial class Pty : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private int _master;
    private Thread? _reader;
    private volatile bool _closed;

    private Pty(int master, int slave)
    {
        _master = master;
        Slave = slave;
    }

    public int Slave { get; }

    /// <summary>What the editor drew, as a screen; null until <see cref="StartScreen"/>.</summary>
    public ScreenModel? Screen { get; private set; }

    // openpty lives in libc since glibc 2.34 (it used to be in libutil).
    [LibraryImport("libc", SetLastError = true)]
    private static partial int openpty(out int master, out int slave, nint name, nint termp, nint winp);

    public static Pty Open()
    {
        int rc = openpty(out int master, out int slave, 0, 0, 0);
        Assert.True(rc == 0, $"openpty failed: errno {Marshal.GetLastPInvokeError()}");
        return new Pty(master, slave);
    }

    /// <summary>Sets the window size the editor will read with TIOCGWINSZ, as a resized terminal does.</summary>
    public unsafe void Resize(int columns, int rows = 24)
    {
        var size = new winsize { ws_col = (ushort)columns, ws_row = (ushort)rows };
        Assert.Equal(0, ioctl(_master, TIOCSWINSZ, &size));
    }

    /// <summary>A stream on the slave side for the editor to draw on (its own descriptor).</summary>
    public FileStream SlaveOutput() => new(new SafeFileHandle(dup(Slave), ownsHandle: true), FileAccess.Write, bufferSize: 0);

    /// <summary>Starts reading the master side into a screen of <paramref name="columns"/> columns.</summary>
    public ScreenModel StartScreen(int columns)
    {
        Screen = new ScreenModel(columns);
        ScreenModel screen = Screen;
        int master = _master;
        _reader = new Thread(() =>
        {
            byte[] buffer = new byte[4096];
            while (!_closed) // once closed, the descriptor number may already belong to someone else
            {
                int n = ReadMaster(master, buffer);
                if (n <= 0)
                {
                    return; // EIO once the slave side is closed
                }

                screen.Feed(buffer.AsSpan(0, n));
            }
        })
        { IsBackground = true };
        _reader.Start();
        return screen;
    }

    private static unsafe int ReadMaster(int master, byte[] buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                long n = (long)read(master, p, buffer.Length);
                if (n >= 0 || errno != EINTR)
                {
                    return (int)n;
                }
            }
        }
    }

    public unsafe termios SlaveSettings()
    {
        termios t;
        Assert.Equal(0, tcgetattr(Slave, &t));
        return t;
    }

    /// <summary>Polls until the editor has switched the terminal (ReadLine runs on another thread).</summary>
    public termios WaitForSettings(Func<termios, bool> condition)
    {
        DateTime deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            termios t = SlaveSettings();
            if (condition(t))
            {
                return t;
            }

            Assert.True(DateTime.UtcNow < deadline, "terminal settings never changed");
            Thread.Sleep(5);
        }
    }

    public unsafe void Type(string keys)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(keys);
        fixed (byte* p = bytes)
        {
            Assert.Equal(bytes.Length, (int)(long)write(_master, p, bytes.Length));
        }
    }

    public void CloseMaster()
    {
        if (_master >= 0)
        {
            close(_master);
            _master = -1;
        }
    }

    /// <summary>
    /// Closes both sides without waiting for the reader: after a failed test the editor may still be
    /// blocked reading the slave, which keeps the pair alive until the test process ends.
    /// </summary>
    public void Dispose()
    {
        _closed = true;
        close(Slave);
        _reader?.Join(TimeSpan.FromMilliseconds(200));
        CloseMaster();
    }
}
