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

    private static Process StartDropwatch()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dropwatch.dll"));
        foreach (string a in new[] { "--source", "tracepoint", "-l", "null" })
            info.ArgumentList.Add(a);
        return Process.Start(info)!;
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
    public void TerminatingSignalWhileMonitoringStopsAndLeavesNothingBehind(int signal)
    {
        string enabledBefore = TracefsFile("events/skb/kfree_skb/enable");
        using Process p = StartDropwatch();
        p.StandardInput.WriteLine("start");
        p.StandardInput.Flush();

        var stdout = new System.Text.StringBuilder();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!stdout.ToString().Contains("Issue Ctrl-C to stop monitoring\n") && DateTime.UtcNow < deadline)
        {
            int c = p.StandardOutput.Read();
            if (c < 0) break;
            stdout.Append((char)c);
        }
        Assert.Contains("Kernel monitoring activated.", stdout.ToString());
        Assert.True(PerfDescriptors(p.Id) > 0, "a monitoring dropwatch should hold perf events");

        Assert.Equal(0, Kill(p.Id, signal));
        Assert.True(p.WaitForExit(15_000), "dropwatch did not exit after the signal");
        stdout.Append(p.StandardOutput.ReadToEnd());

        Assert.Equal(128 + signal, p.ExitCode);
        Assert.EndsWith("Got a stop message\n", stdout.ToString());
        Assert.Equal(enabledBefore, TracefsFile("events/skb/kfree_skb/enable"));
    }
}
