using DropWatch.Cli.Hosting;
using DropWatch.Cli.Repl;
using DropWatch.Testing;

namespace DropWatch.Cli.Tests;

/// <summary>Whole-session transcripts: scripted stdin in, exact stdout out.</summary>
public class TranscriptTests
{
    [Fact]
    public void AlertLimitSessionPrintsExactlyTheLimitThenStops()
    {
        var h = new SessionHarness();
        h.Kernel.AfterStart = k =>
        {
            k.Multicast(KernelMessages.SummaryAlert(k.NetDmFamilyId, (0xffffffff962ac491, 93), (0, 3)));
            k.Multicast(KernelMessages.SummaryAlert(k.NetDmFamilyId, (0xffffffff96300010, 2), (0xffffffff96300020, 9)));
        };
        h.Run("set alertlimit 3", "start", "exit");

        Assert.Equal(
            "dropwatch> set alertlimit 3\n" +
            "setting alert capture limit to 3\n" +
            "dropwatch> start\n" +
            "Enabling monitoring...\n" +
            "Kernel monitoring activated.\n" +
            "Issue Ctrl-C to stop monitoring\n" +
            "93 drops at tcp_v4_rcv+81 (0xffffffff962ac491) [software]\n" +
            "3 drops at location (nil) [software]\n" +
            "2 drops at __udp4_lib_rcv+10 (0xffffffff96300010) [software]\n" +
            "Alert limit reached, deactivating!\n" +
            "Deactivation requested, turning off monitoring\n" +
            "Got a stop message\n" +
            "dropwatch> exit\n" +
            "Shutting down ...\n", h.Stdout);
        Assert.Equal(0, h.ExitCode);
        Assert.False(h.Kernel.Monitoring);
        Assert.Equal(1, h.Kernel.StopCount);
    }

    [Fact]
    public void AlertCounterRestartsAtEachStart()
    {
        var h = new SessionHarness();
        h.Kernel.AfterStart = k => k.Multicast(KernelMessages.SummaryAlert(k.NetDmFamilyId, (0xffffffff962ac491, 1), (0xffffffff962ac492, 1)));
        h.Run("set alertlimit 1", "start", "start", "exit");
        Assert.Equal(2, h.Kernel.StartCount);
        Assert.Equal(2, h.Kernel.StopCount);
        Assert.Equal(2, CountLines(h.Stdout, "Alert limit reached, deactivating!"));
        Assert.Equal(2, CountLines(h.Stdout, "1 drops at tcp_v4_rcv+81 (0xffffffff962ac491) [software]"));
    }

    [Fact]
    public void CtrlCStopsMonitoringPrintsQueuedAlertsAndReturnsToThePrompt()
    {
        var h = new SessionHarness();
        h.Kernel.AfterStart = k =>
        {
            k.Multicast(KernelMessages.SummaryAlert(k.NetDmFamilyId, (0xffffffff962ac491, 7)));
            Assert.True(h.Stop.Request(StopReason.Interrupt, 2));
        };
        h.Run("start", "help", "exit");
        Assert.Contains(
            "Issue Ctrl-C to stop monitoring\n" +
            "7 drops at tcp_v4_rcv+81 (0xffffffff962ac491) [software]\n" +
            "Got a stop message\n" +
            "dropwatch> help\n" +
            HelpText.Text +
            "dropwatch> exit\n", h.Stdout);
        Assert.False(h.Kernel.Monitoring);
        Assert.Equal(0, h.ExitCode);
    }

    [Fact]
    public void TerminatingSignalStopsTheKernelAndExits()
    {
        var h = new SessionHarness();
        h.Kernel.AfterStart = _ => h.Stop.Request(StopReason.Terminate, 15);
        h.Run("start", "help");
        Assert.EndsWith("Got a stop message\n", h.Stdout);
        Assert.DoesNotContain("dropwatch> help", h.Stdout);
        Assert.Equal(128 + 15, h.ExitCode);
        Assert.False(h.Kernel.Monitoring);
    }

    [Fact]
    public void EndOfInputTerminates()
    {
        var h = new SessionHarness().Run();
        Assert.Equal("dropwatch> Terminating dropwatch...\nShutting down ...\n", h.Stdout);
        Assert.Equal(0, h.ExitCode);
    }

    [Fact]
    public void HelpIsUpstreamsBlock()
    {
        var h = new SessionHarness().Run("help", "exit");
        Assert.Equal("dropwatch> help\n" + HelpText.Text + "dropwatch> exit\nShutting down ...\n", h.Stdout);
        Assert.Equal(618, System.Text.Encoding.UTF8.GetByteCount(HelpText.Text));
    }

    [Theory]
    [InlineData("quit", "unknown command 'quit'")]
    [InlineData("set alertlimit abc", "invalid number 'abc' for 'alertlimit'")]
    [InlineData("set alertlimit -1", "invalid number '-1' for 'alertlimit'")]
    [InlineData("set sw maybe", "invalid boolean value 'maybe'")]
    [InlineData("set", "'set' needs a setting")]
    [InlineData("set colour blue", "unknown setting 'colour'")]
    [InlineData("start now", "'start' takes no arguments")]
    public void BadInputSaysWhyAndTheSessionGoesOn(string line, string message)
    {
        var h = new SessionHarness().Run(line, "  set alertlimit 5  ", "exit");
        Assert.Contains(message, h.Stderr);
        Assert.Contains("setting alert capture limit to 5\n", h.Stdout);
        Assert.EndsWith("Shutting down ...\n", h.Stdout);
        // A script with a typo must not look like success: status 1, and the line that failed named at exit.
        Assert.EndsWith($"dropwatch: exit status 1: a command failed (line 1: '{line}')\n", h.Stderr);
        Assert.Equal(1, h.ExitCode);
    }

    [Fact]
    public void SeveralFailuresAreCountedAndTheFirstIsNamed()
    {
        var h = new SessionHarness().Run("set alertlimit 2", "foo", "set alertlimit abc", "exit");
        Assert.EndsWith("dropwatch: exit status 1: 2 commands failed (the first: line 2: 'foo')\n", h.Stderr);
        Assert.Equal(1, h.ExitCode);
    }

    [Fact]
    public void StartRefusedWithEagainExplainsAndStaysAtThePrompt()
    {
        var h = new SessionHarness();
        using (var other = Core.DropMonitor.DropMonitorClient.Connect(h.Kernel.Open, 1 << 20))
            other.Start(Core.DropMonitor.Origins.None);
        h.Run("start", "help", "exit");
        Assert.Contains("Enabling monitoring...\nFailed activation request, error: Resource temporarily unavailable\ndropwatch> help\n", h.Stdout);
        Assert.Contains("another client", h.Stderr);
        Assert.Contains("Trace state already set to requested state", h.Stderr);
        Assert.Equal(1, h.ExitCode);
    }

    [Fact]
    public void SetCommandsConfigureTheKernelAndShowReportsIt()
    {
        var h = new SessionHarness();
        h.Kernel.SoftwareTailDropped = 4810;
        h.Run("set alertmode packet", "set trunc 64", "set queue 100", "show", "stats", "exit");
        Assert.Equal(
            "dropwatch> set alertmode packet\nSetting alert mode\nAlert mode successfully set\n" +
            "dropwatch> set trunc 64\nSetting truncation length to 64\nTruncation length successfully set\n" +
            "dropwatch> set queue 100\nSetting queue length to 100\nQueue length successfully set\n" +
            "dropwatch> show\nGetting existing configuration\nAlert mode: Packet\nTruncation length: 64\nQueue length: 100\n" +
            "dropwatch> stats\nGetting statistics\nSoftware statistics:\nTail dropped: 4810\nHardware statistics:\nTail dropped: 0\n" +
            "dropwatch> exit\nShutting down ...\n", h.Stdout);
    }

    [Fact]
    public void ConfigRefusedWithEpermStaysAtThePrompt()
    {
        var h = new SessionHarness();
        h.Kernel.DenyAdmin = true;
        h.Run("set alertmode packet", "exit");
        Assert.Contains("Failed config request, error: Operation not permitted\ndropwatch> exit\n", h.Stdout);
        Assert.Contains("CAP_NET_ADMIN", h.Stderr);
        Assert.Equal(1, h.ExitCode);
    }

    [Fact]
    public void SwAndHwFlagsReachStartAndStop()
    {
        var h = new SessionHarness();
        h.Kernel.AfterStart = _ => h.Stop.Request(StopReason.Interrupt, 2);
        h.Run("set hw true", "set sw 1", "start", "exit");
        Assert.Contains("setting hardware drops monitoring to 1\n", h.Stdout);
        Assert.Contains("setting software drops monitoring to 1\n", h.Stdout);
        // START and STOP both carry SW_DROPS (20) and HW_DROPS (21).
        var traceRequests = h.Kernel.Requests.Where(r => r[4] == h.Kernel.NetDmFamilyId && r[16] is 3 or 4).ToList();
        Assert.Equal(2, traceRequests.Count);
        Assert.All(traceRequests, r => Assert.EndsWith("0400140004001500", Hex.Format(r)));
    }

    [Fact]
    public void PacketAlertsPrintUpstreamsBlock()
    {
        var h = new SessionHarness();
        h.Kernel.AfterStart = k => k.Multicast(KernelMessages.SoftwarePacketAlert(k.NetDmFamilyId, 0xffffffff8a1b2c3d,
            "__udp4_lib_rcv+0x9f/0xb80", 1_565_000_000_012_345_678, ifIndex: 1, payloadLength: 142));
        h.Run("set alertlimit 1", "start", "exit");
        string tz = TimeZoneInfo.Local.GetUtcOffset(DateTime.UnixEpoch.AddSeconds(1_565_000_000)) == TimeSpan.Zero ? "utc" : "local";
        Assert.Contains("drop at: __udp4_lib_rcv+0x9f/0xb80 (0xffffffff8a1b2c3d)\norigin: software\ninput port ifindex: 1\n", h.Stdout);
        if (tz == "utc")
            Assert.Contains("timestamp: Mon Aug  5 10:13:20 2019 012345678 nsec\n", h.Stdout);
        Assert.Contains("protocol: 0x800\nlength: 142\noriginal length: 142\ndrop reason: NO_SOCKET\n\nAlert limit reached, deactivating!\n", h.Stdout);
    }

    [Fact]
    public void LossesAreReportedAfterTheStopMessage()
    {
        var h = new SessionHarness();
        h.Kernel.AfterStart = k =>
        {
            k.Overrun(3);
            k.Multicast(KernelMessages.SummaryAlert(k.NetDmFamilyId, (0xffffffff962ac491, 1)));
        };
        h.Run("set alertlimit 1", "start", "exit");
        Assert.Contains("Got a stop message\n3 alerts lost: 3 dropped by the kernel because our receive queue was full", h.Stdout);
    }

    [Fact]
    public void TailDropsDuringTheSessionAndFullSummaryTablesAreReported()
    {
        var h = new SessionHarness();
        h.Kernel.SoftwareTailDropped = 100;
        h.Kernel.AfterStart = k =>
        {
            k.SoftwareTailDropped += 42;
            k.Multicast(KernelMessages.SummaryAlert(k.NetDmFamilyId,
                Enumerable.Range(0, 64).Select(i => (0xffffffff962ac491 + (ulong)i, 1u)).ToArray()));
        };
        h.Run("set alertlimit 64", "start", "exit");
        Assert.Contains("Got a stop message\n42 alerts lost: 42 not queued by the kernel because its per-CPU queue was full (try 'set queue')\n" +
                        "1 summary alerts reached the kernel's limit of 64 locations", h.Stdout);
    }

    [Fact]
    public void NothingLostMeansNoLossLine()
    {
        var h = new SessionHarness();
        h.Kernel.AfterStart = k => k.Multicast(KernelMessages.SummaryAlert(k.NetDmFamilyId, (0xffffffff962ac491, 1)));
        h.Run("set alertlimit 1", "start", "exit");
        Assert.Contains("Got a stop message\ndropwatch> exit\n", h.Stdout);
    }

    private static int CountLines(string text, string line) => text.Split('\n').Count(l => l == line);
}
