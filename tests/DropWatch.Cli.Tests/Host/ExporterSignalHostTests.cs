using System.Diagnostics;

namespace DropWatch.Cli.Tests.Host;

/// <summary>
/// The exporter as a real process on the host kernel's tracepoint source, ended by real signals
/// through the shared signal layer: SIGINT, SIGTERM, SIGHUP and SIGQUIT all stop monitoring, say
/// so, give back the perf events and exit 0 (the REPL would exit 128+signal, or die at its prompt).
/// </summary>
[Collection("host kernel")]
public class ExporterSignalHostTests
{
    internal static void Send(int pid, int signal)
    {
        using Process kill = Process.Start("/bin/kill", ["-s", signal.ToString(System.Globalization.CultureInfo.InvariantCulture), pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        Assert.True(kill.WaitForExit(10_000));
        Assert.Equal(0, kill.ExitCode);
    }

    private static int PerfDescriptors(int pid) =>
        Directory.EnumerateFiles($"/proc/{pid}/fd")
            .Count(fd => { try { return new FileInfo(fd).LinkTarget == "anon_inode:[perf_event]"; } catch (IOException) { return false; } });

    [Theory]
    [InlineData(2)]  // SIGINT (ignored by the starting shell)
    [InlineData(15)] // SIGTERM
    [InlineData(1)]  // SIGHUP
    [InlineData(3)]  // SIGQUIT (ignored by the starting shell)
    public void EverySignalWhileMonitoringStopsAndExitsZero(int signal)
    {
        using var exporter = ExporterProcess.StartedIgnoringInterrupts("--source", "tracepoint", "-l", "null");
        exporter.WaitForLog("monitoring drops with tracepoint skb:kfree_skb");
        Assert.True(PerfDescriptors(exporter.Process.Id) > 0, "a monitoring exporter should hold perf events");

        Send(exporter.Process.Id, signal);
        Assert.True(exporter.Process.WaitForExit(20_000), $"exporter still running 20 s after signal {signal}");
        exporter.Process.WaitForExit(); // the stderr reader is done
        Assert.Equal(0, exporter.Process.ExitCode);
        Assert.Contains("stopped monitoring", exporter.Stderr);
    }
}
