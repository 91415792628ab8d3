using DropWatch.Native;
using DropWatch.ReadLine.Tests.Fakes;

namespace DropWatch.ReadLine.Tests;

/// <summary>
/// DropWatch.Native's terminal structs against a real pseudo-terminal, cross-checked with the pty kit's
/// independent binding (Tmds.Linux), so a wrong field offset or size shows as different settings.
/// </summary>
public sealed unsafe class NativeTerminalCallsTests
{
    [Fact]
    public void Termios_has_the_C_librarys_size()
    {
        Assert.Equal(sizeof(Tmds.Linux.termios), sizeof(Termios));
    }

    [Fact]
    public void Tcgetattr_reads_what_the_other_binding_reads()
    {
        using var pty = Pty.Open();
        Tmds.Linux.termios theirs = pty.SlaveSettings();
        Termios ours;
        Assert.Equal(0, LibC.TcGetAttr(pty.Slave, &ours));

        Assert.Equal(theirs.c_lflag, ours.LocalFlags);
        Assert.Equal(theirs.c_iflag, ours.InputFlags);
        Assert.Equal(theirs.c_cc[Termios.VMIN], ours.ControlChars[Termios.VMIN]);
        Assert.Equal(new ReadOnlySpan<byte>(&theirs, sizeof(Termios)).ToArray(), new ReadOnlySpan<byte>(&ours, sizeof(Termios)).ToArray());
    }

    [Fact]
    public void Tcsetattr_changes_what_the_other_binding_reads()
    {
        using var pty = Pty.Open();
        Termios settings;
        Assert.Equal(0, LibC.TcGetAttr(pty.Slave, &settings));
        settings.LocalFlags &= ~Termios.ECHO;
        settings.ControlChars[Termios.VTIME] = 7;
        Assert.Equal(0, LibC.TcSetAttr(pty.Slave, Termios.TCSANOW, &settings));

        Tmds.Linux.termios seen = pty.SlaveSettings();
        Assert.Equal(0u, (uint)seen.c_lflag & Termios.ECHO);
        Assert.Equal(7, seen.c_cc[Termios.VTIME]);
    }

    [Fact]
    public void Window_size_is_the_one_the_master_set()
    {
        using var pty = Pty.Open();
        pty.Resize(columns: 132, rows: 50);

        Assert.True(WindowSize.TryGet(pty.Slave, out WindowSize size));
        Assert.Equal((50, 132), (size.Rows, size.Columns));
    }

    [Fact]
    public void Window_size_of_a_pipe_fails_with_ENOTTY()
    {
        int* fds = stackalloc int[2];
        Assert.Equal(0, Tmds.Linux.LibC.pipe(fds));
        try
        {
            Assert.False(WindowSize.TryGet(fds[0], out _));
            Assert.Equal(25, LibC.LastErrno); // ENOTTY
        }
        finally
        {
            Tmds.Linux.LibC.close(fds[0]);
            Tmds.Linux.LibC.close(fds[1]);
        }
    }
}
