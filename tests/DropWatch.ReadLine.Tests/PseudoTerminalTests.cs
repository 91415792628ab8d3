using System.Runtime.InteropServices;
using System.Text;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace DropWatch.ReadLine.Tests;

/// <summary>
/// The real termios and read(2) paths, on a pseudo-terminal (openpty) and a pipe. The editor reads
/// the pty's slave side as it would read a user's terminal; the test types on the master side.
/// </summary>
public sealed partial class PseudoTerminalTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    // openpty lives in libc since glibc 2.34 (it used to be in libutil).
    [LibraryImport("libc", SetLastError = true)]
    private static partial int openpty(out int master, out int slave, nint name, nint termp, nint winp);

    [Fact]
    public unsafe void ReadLine_on_a_pty_is_raw_while_reading_and_restores_the_exact_settings()
    {
        using var pty = Pty.Open();
        termios before = pty.SlaveSettings();
        Assert.NotEqual(0u, before.c_lflag & ICANON); // a fresh pty starts in cooked mode
        using var output = new MemoryStream();
        using var editor = new LineEditor(pty.Slave, output);
        Assert.True(editor.IsTerminal);

        var reading = new BackgroundReadLine(editor, "dropwatch> ");
        termios during = pty.WaitForSettings(t => (t.c_lflag & ICANON) == 0);
        pty.Type("sart\u001b[D\u001b[D\u001b[Dt\r");

        Assert.True(reading.Join(Timeout), "ReadLine did not return");
        Assert.Equal("start", reading.Result);
        Assert.Equal(0u, during.c_lflag & (ECHO | ISIG | ICANON));
        Assert.Equal(1, during.c_cc[VMIN]);
        AssertSameSettings(before, pty.SlaveSettings());
        Assert.EndsWith("\rdropwatch> start\u001b[K\r\n", Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public void Ctrl_C_on_a_pty_arrives_as_a_key_not_a_signal()
    {
        using var pty = Pty.Open();
        using var output = new MemoryStream();
        using var editor = new LineEditor(pty.Slave, output);

        var reading = new BackgroundReadLine(editor, "> ");
        pty.WaitForSettings(t => (t.c_lflag & ICANON) == 0);
        pty.Type("junk\u0003stop\r");

        Assert.True(reading.Join(Timeout), "ReadLine did not return");
        Assert.Equal("stop", reading.Result);
        Assert.Contains("junk\u001b[K^C\r\n", Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public unsafe void Dispose_from_another_thread_restores_a_pty_left_raw_by_a_blocked_ReadLine()
    {
        using var pty = Pty.Open();
        termios before = pty.SlaveSettings();
        using var output = new MemoryStream();
        var editor = new LineEditor(pty.Slave, output);

        var reading = new BackgroundReadLine(editor, "> ");
        pty.WaitForSettings(t => (t.c_lflag & ICANON) == 0);
        editor.Dispose();

        AssertSameSettings(before, pty.SlaveSettings());
        pty.CloseMaster(); // hang-up: the blocked read ends with EIO, which is end of input
        Assert.True(reading.Join(Timeout), "ReadLine did not return after hang-up");
        Assert.Null(reading.Result);
    }

    [Fact]
    public unsafe void A_pipe_fd_is_not_a_terminal_and_is_read_as_plain_lines()
    {
        int* fds = stackalloc int[2];
        Assert.Equal(0, pipe(fds));
        try
        {
            byte[] script = "help\nexit"u8.ToArray();
            fixed (byte* p = script)
            {
                Assert.Equal(script.Length, (int)(long)write(fds[1], p, script.Length));
            }

            close(fds[1]);
            fds[1] = -1;
            using var output = new MemoryStream();
            using var editor = new LineEditor(fds[0], output);

            Assert.False(editor.IsTerminal);
            Assert.Equal("help", editor.ReadLine("dropwatch> "));
            Assert.Equal("exit", editor.ReadLine("dropwatch> "));
            Assert.Null(editor.ReadLine("dropwatch> "));
            Assert.Equal("dropwatch> help\ndropwatch> exit\ndropwatch> ", Encoding.UTF8.GetString(output.ToArray()));
        }
        finally
        {
            close(fds[0]);
            if (fds[1] >= 0)
            {
                close(fds[1]);
            }
        }
    }

    [Fact]
    public void ForConsole_reads_fd_0()
    {
        using var output = new MemoryStream();
        using var editor = LineEditor.ForConsole(output);

        Assert.Equal(isatty(0) == 1, editor.IsTerminal);
    }

    private static unsafe void AssertSameSettings(termios expected, termios actual)
    {
        Assert.Equal(expected.c_iflag, actual.c_iflag);
        Assert.Equal(expected.c_oflag, actual.c_oflag);
        Assert.Equal(expected.c_cflag, actual.c_cflag);
        Assert.Equal(expected.c_lflag, actual.c_lflag);
        for (int i = 0; i < 32; i++)
        {
            Assert.Equal(expected.c_cc[i], actual.c_cc[i]);
        }
    }

    /// <summary>
    /// ReadLine on its own thread, since it blocks in read(2) until the test types. A plain thread
    /// rather than a Task: the test waits for it with a timeout, synchronously.
    /// </summary>
    private sealed class BackgroundReadLine
    {
        private readonly Thread _thread;
        private string? _result;
        private Exception? _error;

        public BackgroundReadLine(LineEditor editor, string prompt)
        {
            _thread = new Thread(() =>
            {
                try
                {
                    _result = editor.ReadLine(prompt);
                }
                catch (Exception e)
                {
                    _error = e;
                }
            })
            { IsBackground = true };
            _thread.Start();
        }

        public string? Result => _error is null ? _result : throw new InvalidOperationException("ReadLine failed", _error);

        public bool Join(TimeSpan timeout) => _thread.Join(timeout);
    }

    /// <summary>A pty pair, closed on dispose.</summary>
    private sealed class Pty : IDisposable
    {
        private int _master;

        private Pty(int master, int slave)
        {
            _master = master;
            Slave = slave;
        }

        public int Slave { get; }

        public static Pty Open()
        {
            int rc = openpty(out int master, out int slave, 0, 0, 0);
            Assert.True(rc == 0, $"openpty failed: errno {Marshal.GetLastPInvokeError()}");
            return new Pty(master, slave);
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

        public void Dispose()
        {
            CloseMaster();
            close(Slave);
        }
    }
}
