using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DropWatch.Cli.Tests.Host;

/// <summary>
/// The real dropwatch process on the host kernel (tracepoint source): a terminating signal while
/// monitoring must stop monitoring, report it, exit with 128+signal, and leave nothing behind.
/// </summary>
[Collection("host kernel")]
public partial class ProcessSignalTests
{
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>
    /// Starts dropwatch through a shell that ignores SIGINT and SIGQUIT first, as a shell does for
    /// background jobs: dropwatch must still answer them. The default source is used on purpose:
    /// on this NET_DM-less host it writes its fallback line to stderr before the REPL starts, and
    /// that first use of the console is when the runtime settles how it treats SIGINT.
    /// </summary>
    private static Process StartDropwatch(bool ignoredByShell = true)
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add((ignoredByShell ? "trap '' INT QUIT; " : "") + "exec dotnet exec \"$0\" -l null");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dropwatch.dll"));
        return Process.Start(info)!;
    }

    private static string ReadUntil(Process p, System.Text.StringBuilder so, string marker)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!so.ToString().Contains(marker) && DateTime.UtcNow < deadline)
        {
            int c = p.StandardOutput.Read();
            if (c < 0) break;
            so.Append((char)c);
        }
        return so.ToString();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CtrlCWhileMonitoringReturnsToThePrompt(bool startedIgnoringIt)
    {
        using Process p = StartDropwatch(startedIgnoringIt);
        p.StandardInput.WriteLine("start");
        p.StandardInput.Flush();
        var stdout = new System.Text.StringBuilder();
        Assert.Contains("Issue Ctrl-C to stop monitoring\n", ReadUntil(p, stdout, "Issue Ctrl-C to stop monitoring\n"));

        Assert.Equal(0, Kill(p.Id, 2));
        Assert.Contains("Got a stop message\n", ReadUntil(p, stdout, "Got a stop message\n"));
        p.StandardInput.WriteLine("exit");
        p.StandardInput.Flush();
        Assert.True(p.WaitForExit(15_000), "dropwatch did not exit after 'exit'");
        stdout.Append(p.StandardOutput.ReadToEnd());
        Assert.EndsWith("Got a stop message\ndropwatch> exit\nShutting down ...\n", stdout.ToString());
        Assert.Equal(0, p.ExitCode);
    }


    private static int PerfDescriptors(int pid) =>
        Directory.EnumerateFiles($"/proc/{pid}/fd")
            .Count(fd => { try { return new FileInfo(fd).LinkTarget == "anon_inode:[perf_event]"; } catch (IOException) { return false; } });

    private static string TracefsFile(string relative)
    {
        foreach (string root in new[] { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" })
            if (File.Exists(Path.Combine(root, relative))) return File.ReadAllText(Path.Combine(root, relative)).Trim();
        return "";
    }

    [Theory]
    [InlineData(15)] // SIGTERM
    [InlineData(1)]  // SIGHUP
    [InlineData(3)]  // SIGQUIT (ignored by the starting shell, like SIGINT)
    public void TerminatingSignalWhileMonitoringStopsAndLeavesNothingBehind(int signal)
    {
        string enabledBefore = TracefsFile("events/skb/kfree_skb/enable");
        using Process p = StartDropwatch();
        p.StandardInput.WriteLine("start");
        p.StandardInput.Flush();

        var stdout = new System.Text.StringBuilder();
        Assert.Contains("Kernel monitoring activated.", ReadUntil(p, stdout, "Issue Ctrl-C to stop monitoring\n"));
        Assert.True(PerfDescriptors(p.Id) > 0, "a monitoring dropwatch should hold perf events");

        Assert.Equal(0, Kill(p.Id, signal));
        Assert.True(p.WaitForExit(15_000), "dropwatch did not exit after the signal");
        stdout.Append(p.StandardOutput.ReadToEnd());

        Assert.Equal(128 + signal, p.ExitCode);
        Assert.EndsWith("Got a stop message\n", stdout.ToString());
        Assert.Equal(enabledBefore, TracefsFile("events/skb/kfree_skb/enable"));
    }
}
