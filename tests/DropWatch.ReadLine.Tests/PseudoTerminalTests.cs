using System.Text;
using Tmds.Linux;
using static Tmds.Linux.LibC;
using DropWatch.ReadLine.Tests.Fakes;

namespace DropWatch.ReadLine.Tests;

/// <summary>
/// The real termios and read(2) paths, on a pseudo-terminal (openpty) and a pipe. The editor reads
/// the pty's slave side as it would read a user's terminal; the test types on the master side.
/// </summary>
public sealed class PseudoTerminalTests
{
    private static readonly TimeSpan Timeout = Pty.Timeout;

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
}
