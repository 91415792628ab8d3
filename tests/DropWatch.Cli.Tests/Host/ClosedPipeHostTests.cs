using System.Diagnostics;

namespace DropWatch.Cli.Tests.Host;

/// <summary>
/// `dropwatch | head -n N` on the host kernel's tracepoint source while drops flow: once head has
/// its lines and exits, dropwatch must notice on its next write (or through the stdout watcher when
/// nothing is written) and end with 141 — not keep monitoring into a dead pipe.
/// </summary>
[Collection("host kernel")]
public class ClosedPipeHostTests
{
    [Theory]
    [InlineData(1, false)] // during the banner
    [InlineData(3, false)] // right after START
    [InlineData(6, false)] // while summary lines are printed
    [InlineData(4, true)]  // monitoring, no drops at all: only the watcher can see it
    public async Task HeadExitingEndsDropwatchWith141(int lines, bool quiet)
    {
        string status = Path.GetTempFileName();
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("{ dotnet exec \"$0\" -l null --source tracepoint; echo $? >\"$1\"; } | head -n \"$2\" >/dev/null");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dropwatch.dll"));
        info.ArgumentList.Add(status);
        info.ArgumentList.Add(lines.ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var flowing = new CancellationTokenSource();
        int port = UdpDrops.ClosedPort();
        Task drops = quiet ? Task.CompletedTask : Task.Run(() =>
        {
            while (!flowing.IsCancellationRequested) // about 200 drops a second
            {
                UdpDrops.Send(port, 1);
                Thread.Sleep(5);
            }
        });
        using Process p = Process.Start(info)!;
        p.StandardInput.WriteLine("start");
        p.StandardInput.Flush(); // stdin stays open: only the closed stdout may end the session
        bool ended = p.WaitForExit(20_000);
        flowing.Cancel();
        await drops;
        if (!ended)
            p.Kill(entireProcessTree: true);
        Assert.True(ended, $"dropwatch still running 20 s after 'head -n {lines}': {p.StandardError.ReadToEnd()}");
        Assert.Equal("141", File.ReadAllText(status).Trim());
        File.Delete(status);
    }
}
