using DropWatch.ReadLine.Tests.Fakes;

namespace DropWatch.ReadLine.Tests;

/// <summary>
/// Ctrl-Z at the prompt, through a recording terminal mode (a real SIGTSTP would stop the test
/// runner; the real stop and continue are tested on the dropwatch process in the CLI host tests).
/// </summary>
public sealed class SuspendTests
{
    [Fact]
    public void Ctrl_Z_gives_the_terminal_back_stops_and_redraws_the_line_after_continuing()
    {
        using var h = Harness.Tty("set al\u001b[D", "\u001a", "x\r");

        Assert.Equal("set axl", h.ReadLine()); // the cursor was kept where it was
        Assert.Equal(new[] { "raw", "restore", "stopped", "raw", "restore" }, h.Mode.Calls);
        string output = h.OutputText;
        int caret = output.IndexOf("set al\u001b[K^Z", StringComparison.Ordinal);
        Assert.True(caret >= 0, output); // ^Z after the whole text, not over it
        Assert.Contains("\rdropwatch> set al\u001b[K\u001b[1D", output[caret..]); // drawn again after fg
    }

    [Fact]
    public void The_output_is_flushed_before_stopping()
    {
        using var h = Harness.Tty("ab", "\u001a", "\r");
        h.Mode.OnStop = () => Assert.EndsWith("^Z", h.OutputText);

        Assert.Equal("ab", h.ReadLine());
        Assert.Contains("stopped", h.Mode.Calls);
    }
}
