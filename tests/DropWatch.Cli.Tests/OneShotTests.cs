using System.Text;
using DropWatch.Cli.Hosting;
using DropWatch.Cli.Monitoring;
using DropWatch.Cli.OneShot;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Netlink.Transport;
using DropWatch.Testing;

namespace DropWatch.Cli.Tests;

/// <summary>
/// One-shot runs against the fake kernel: they end at the count, the duration or a signal, always
/// with STOP, always with the configuration put back (unless asked to keep it), and print the
/// REPL's own records and replies.
/// </summary>
public class OneShotTests
{
    /// <summary>Runs <see cref="OneShotRunner.Monitor"/> the way the launcher wires it, with the signal in the test's hands.</summary>
    private sealed class MonitorRun
    {
        public FakeKernel Kernel { get; } = new();
        public StopSignal Stop { get; } = new();
        public int Code { get; private set; }
        public string Stdout { get; private set; } = "";
        public string Stderr { get; private set; } = "";
        public Action? BeforeMonitoring { get; init; }
        public string? Filter { get; init; }

        public MonitorRun Run(OneShotRequest request, OutputFormat format = OutputFormat.Text)
        {
            var stdout = new MemoryStream();
            var stderr = new StringWriter();
            var data = new OutputBuffer(stdout);
            var outputs = new Outputs(new OutputBuffer(Stream.Null), data);
            IDropSink sink = format == OutputFormat.Json ? new JsonLinesSink(data, false) : new TextSink(data);
            using (var client = DropMonitorClient.Connect(Kernel.Open, 1 << 20))
            {
                var pipeline = new DropPipeline(new FixedResolver(), sink)
                {
                    Filters = { User = Filter is null ? null : DropWatch.Cli.Filtering.DropFilter.Compile(Filter) },
                };
                Code = OneShotRunner.Monitor(request, client, outputs, new ErrorReporter(outputs.Console, stderr), Stop,
                    pipeline, BeforeMonitoring);
            }
            outputs.Flush();
            Stdout = Encoding.UTF8.GetString(stdout.ToArray());
            Stderr = stderr.ToString();
            return this;
        }
    }

    private static void FiveAlerts(FakeKernel k)
    {
        for (int i = 0; i < 5; i++)
            k.Multicast(KernelMessages.SummaryAlert(k.NetDmFamilyId, (0xffffffff962ac491 + (ulong)i, (uint)(10 + i))));
    }

    private static void AssertNotMonitoringAndDefaults(FakeKernel kernel)
    {
        Assert.False(kernel.Monitoring);
        Assert.Equal(1, kernel.StopCount);
        Assert.Equal(AlertMode.Summary, kernel.Mode);
        Assert.Equal(0u, kernel.TruncationLength);
        Assert.Equal(1000u, kernel.QueueLength);
    }

    [Fact]
    public void EndsAtTheCountWithTheREPLsRecordsAndNothingElse()
    {
        var run = new MonitorRun();
        run.Kernel.AfterStart = FiveAlerts;
        run.Run(new OneShotRequest(OneShotAction.Start, Count: 3));

        var repl = new SessionHarness();
        repl.Kernel.AfterStart = FiveAlerts;
        repl.Run("set alertlimit 3", "start", "exit");
        string[] replRecords = repl.Stdout.Split('\n').Where(l => l.Contains(" drops at ")).ToArray();

        Assert.Equal(3, replRecords.Length);
        Assert.Equal(string.Concat(replRecords.Select(l => l + "\n")), run.Stdout);
        Assert.Equal("", run.Stderr);
        Assert.Equal(ExitCode.Success, run.Code);
        AssertNotMonitoringAndDefaults(run.Kernel);
    }

    [Fact]
    public void AFilterSaysOnStderrHowManyDropsItHid()
    {
        // Five summary alerts of one location each; the filter keeps none of them (summary alerts have no ports).
        var run = new MonitorRun { Filter = "dport == 53" };
        run.Kernel.AfterStart = k =>
        {
            FiveAlerts(k);
            run.Stop.Request(StopReason.Interrupt, 2);
        };
        run.Run(new OneShotRequest(OneShotAction.Start));
        Assert.Equal("", run.Stdout);
        Assert.Contains("dropwatch: filtered out: ", run.Stderr);
        Assert.Contains("drops not matching 'dport == 53'", run.Stderr);
        Assert.Equal(ExitCode.Success, run.Code);
    }

    [Fact]
    public void EndsAtTheDurationWithNoDropsAndSaysSoInJson()
    {
        var run = new MonitorRun().Run(new OneShotRequest(OneShotAction.Start, Duration: TimeSpan.FromMilliseconds(50)), OutputFormat.Json);
        string[] lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("{\"type\":\"start\"", lines[0]);
        Assert.Contains("\"cause\":\"duration\",\"stopped\":true,\"records\":0", lines[1]);
        Assert.Equal(ExitCode.Success, run.Code);
        AssertNotMonitoringAndDefaults(run.Kernel);
    }

    [Fact]
    public void PacketModeSettingsHoldWhileMonitoringAndArePutBackAfter()
    {
        var run = new MonitorRun();
        (AlertMode, uint, uint)? during = null;
        run.Kernel.AfterStart = k =>
        {
            during = (k.Mode, k.TruncationLength, k.QueueLength);
            run.Stop.Request(StopReason.Interrupt, 2);
        };
        run.Run(new OneShotRequest(OneShotAction.Start, AlertMode.Packet, Truncation: 128, QueueLength: 2000));
        Assert.Equal((AlertMode.Packet, 128u, 2000u), during);
        Assert.Equal(ExitCode.Success, run.Code);
        AssertNotMonitoringAndDefaults(run.Kernel);
    }

    [Fact]
    public void KeepConfigLeavesTheSettings()
    {
        var run = new MonitorRun();
        run.Kernel.AfterStart = _ => run.Stop.Request(StopReason.Interrupt, 2);
        run.Run(new OneShotRequest(OneShotAction.Start, AlertMode.Packet, Truncation: 128, QueueLength: 2000, KeepConfig: true));
        Assert.Equal(ExitCode.Success, run.Code);
        Assert.False(run.Kernel.Monitoring);
        Assert.Equal((AlertMode.Packet, 128u, 2000u), (run.Kernel.Mode, run.Kernel.TruncationLength, run.Kernel.QueueLength));
    }

    [Theory]
    [InlineData(StopReason.Interrupt, 2, ExitCode.Success)]
    [InlineData(StopReason.Terminate, 15, ExitCode.Success)]
    [InlineData(StopReason.Terminate, 1, ExitCode.Success)]
    [InlineData(StopReason.Terminate, 3, 131)]
    public void ASignalEndsTheRunWithStopAndRestore(StopReason reason, int signal, int expected)
    {
        var run = new MonitorRun();
        run.Kernel.AfterStart = _ => run.Stop.Request(reason, signal);
        run.Run(new OneShotRequest(OneShotAction.Start, AlertMode.Packet, Truncation: 64));
        Assert.Equal(expected, run.Code);
        AssertNotMonitoringAndDefaults(run.Kernel);
    }

    [Fact]
    public void ASignalWhileSymbolsLoadEndsTheRunBeforeAnythingChanges()
    {
        MonitorRun? run = null;
        run = new MonitorRun { BeforeMonitoring = () => Assert.True(run!.Stop.Request(StopReason.Terminate, 15)) };
        run.Run(new OneShotRequest(OneShotAction.Start, AlertMode.Packet, Truncation: 64));
        Assert.Equal(ExitCode.Success, run.Code);
        Assert.Equal(0, run.Kernel.StartCount);
        Assert.Equal(AlertMode.Summary, run.Kernel.Mode);
        Assert.Equal(0u, run.Kernel.TruncationLength);
        Assert.Equal(0, run.Kernel.StopCount);
    }

    [Fact]
    public void ASecondSignalDuringTheStopIsTheREPLs128PlusN()
    {
        var run = new MonitorRun();
        run.Kernel.AfterStart = _ =>
        {
            run.Stop.Request(StopReason.Interrupt, 2);
            run.Stop.Request(StopReason.Interrupt, 2);
        };
        run.Run(new OneShotRequest(OneShotAction.Start));
        Assert.Equal(130, run.Code);
        Assert.False(run.Kernel.Monitoring);
    }

    [Fact]
    public void AReaderThatWentAwayEndsWith141AfterStopAndRestore()
    {
        var run = new MonitorRun();
        run.Kernel.AfterStart = _ => run.Stop.RequestOutputClosed();
        run.Run(new OneShotRequest(OneShotAction.Start, AlertMode.Packet, QueueLength: 10));
        Assert.Equal(ExitCode.BrokenPipe, run.Code);
        AssertNotMonitoringAndDefaults(run.Kernel);
    }

    [Fact]
    public void ASourceFailureEndsWith1AfterStopAndRestore()
    {
        var run = new MonitorRun();
        run.Kernel.AfterStart = k => k.BreakEventSockets();
        run.Run(new OneShotRequest(OneShotAction.Start, AlertMode.Packet));
        Assert.Equal(ExitCode.Failure, run.Code);
        Assert.StartsWith("dropwatch: receiving drops failed: ", run.Stderr);
        AssertNotMonitoringAndDefaults(run.Kernel);
    }

    [Fact]
    public void AKernelThatRefusesStartGetsNoStopAndItsSettingsBack()
    {
        // Another client monitors: configuring is refused (EBUSY), nothing is changed or stopped.
        var run = new MonitorRun();
        using var other = DropMonitorClient.Connect(run.Kernel.Open, 1 << 16);
        other.Start(Origins.None);
        run.Run(new OneShotRequest(OneShotAction.Start, AlertMode.Packet));
        Assert.Equal(ExitCode.Failure, run.Code);
        Assert.Contains("configuring the drop monitor failed: Device or resource busy", run.Stderr);
        Assert.DoesNotContain("\n", run.Stderr.Split('\n')[0]);
        Assert.True(run.Kernel.Monitoring);
        Assert.Equal(0, run.Kernel.StopCount);
        Assert.Equal(AlertMode.Summary, run.Kernel.Mode);
    }

    [Fact]
    public void LossesAreOneLineOnStderrNotOnStdout()
    {
        var run = new MonitorRun();
        run.Kernel.AfterStart = k =>
        {
            k.Overrun(3);
            k.Multicast(KernelMessages.SummaryAlert(k.NetDmFamilyId, (0xffffffff962ac491, 1)));
        };
        run.Run(new OneShotRequest(OneShotAction.Start, Count: 1));
        Assert.Equal("1 drops at tcp_v4_rcv+81 (0xffffffff962ac491) [software]\n", run.Stdout);
        Assert.Matches("^dropwatch: [0-9]+ alerts lost: .*receive queue was full.*\n$", run.Stderr);
    }

    [Fact]
    public void TracepointRefusesTruncQueueAndHwBeforeAnythingHappens()
    {
        foreach ((OneShotRequest request, string flag) in new[]
                 {
                     (new OneShotRequest(OneShotAction.Start, Truncation: 64), "--trunc"),
                     (new OneShotRequest(OneShotAction.Start, QueueLength: 10), "--queue"),
                     (new OneShotRequest(OneShotAction.Start, Origins: Origins.Hardware), "--hw"),
                 })
        {
            var source = new IdleSource();
            var stderr = new StringWriter();
            var outputs = Outputs.Shared(new OutputBuffer(new MemoryStream()));
            int code = OneShotRunner.Monitor(request, source, outputs, new ErrorReporter(outputs.Console, stderr), new StopSignal(),
                new DropPipeline(new FixedResolver(), new TextSink(outputs.Data)));
            Assert.Equal(ExitCode.Failure, code);
            Assert.Equal(0, source.Starts);
            Assert.Matches($"^dropwatch: {flag}[ :].*idle source.*\n$", stderr.ToString());
        }
    }

    [Fact]
    public void TracepointLikeSourceRunsAtTheCountInTheRequestedMode()
    {
        var source = new IdleSource();
        var outputs = Outputs.Shared(new OutputBuffer(new MemoryStream()));
        var stop = new StopSignal();
        source.OnStart = () => stop.Request(StopReason.Interrupt, 2);
        int code = OneShotRunner.Monitor(new OneShotRequest(OneShotAction.Start, AlertMode.Packet), source, outputs,
            new ErrorReporter(outputs.Console, new StringWriter()), stop, new DropPipeline(new FixedResolver(), new TextSink(outputs.Data)));
        Assert.Equal(ExitCode.Success, code);
        Assert.Equal(AlertMode.Packet, source.Mode);
        Assert.Equal((1, 1), (source.Starts, source.Stops));
    }

    // ---- through the command line: --query, --stats, --stop against the REPL's show, stats, stop ----

    private static (int Code, string Stdout, string Stderr) Cli(FakeKernel kernel, params string[] args)
    {
        var stdout = new MemoryStream();
        var usage = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, usage, stderr, s => Launcher.Run(s, stdout, stderr, kernel.Open,
            _ => throw new InvalidOperationException("a one-shot run reads no commands")));
        return (code, usage + Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    /// <summary>What the REPL prints for one command, between its prompt line and the next prompt.</summary>
    private static string ReplReply(Action<FakeKernel> state, string command)
    {
        var h = new SessionHarness();
        state(h.Kernel);
        h.Run(command);
        string start = $"dropwatch> {command}\n";
        int from = h.Stdout.IndexOf(start, StringComparison.Ordinal) + start.Length;
        return h.Stdout[from..h.Stdout.IndexOf("dropwatch> ", from, StringComparison.Ordinal)];
    }

    private static void Configured(FakeKernel k)
    {
        using var client = DropMonitorClient.Connect(k.Open, 1 << 16);
        client.Configure(AlertMode.Packet, 96, 3000);
        k.SoftwareTailDropped = 7;
    }

    [Theory]
    [InlineData("--query", "show")]
    [InlineData("--stats", "stats")]
    public void QueryAndStatsPrintWhatTheREPLPrints(string flag, string command)
    {
        var kernel = new FakeKernel();
        Configured(kernel);
        var (code, stdout, stderr) = Cli(kernel, "-l", "null", flag);
        string repl = ReplReply(Configured, command);
        Assert.Contains(command == "show" ? "Truncation length: 96\n" : "Tail dropped: 7\n", repl);
        Assert.Equal(repl, stdout);
        Assert.Equal("", stderr);
        Assert.Equal(ExitCode.Success, code);
    }

    [Fact]
    public void StopTurnsOffAMonitorAKilledClientLeftOn()
    {
        var kernel = new FakeKernel();
        var abandoned = DropMonitorClient.Connect(kernel.Open, 1 << 16);
        abandoned.Start(Origins.Software | Origins.Hardware);
        var (code, stdout, stderr) = Cli(kernel, "-l", "null", "--stop");
        Assert.False(kernel.Monitoring);
        Assert.Equal(ReplReply(k => DropMonitorClient.Connect(k.Open, 1 << 16).Start(Origins.None), "stop"), stdout);
        Assert.Equal("", stderr);
        Assert.Equal(ExitCode.Success, code);
        // Without --sw/--hw both are stopped: a bare STOP would leave hardware monitoring on.
        byte[] stop = kernel.Requests[^1];
        Assert.Contains((byte)NetDm.AttrSwDrops, AttributeTypes(stop));
        Assert.Contains((byte)NetDm.AttrHwDrops, AttributeTypes(stop));
    }

    // The attribute types of a one-message generic-netlink request (16-byte header, 4-byte genl header).
    private static List<byte> AttributeTypes(byte[] message)
    {
        var types = new List<byte>();
        for (int at = 20; at + 4 <= message.Length;)
        {
            int length = BitConverter.ToUInt16(message, at);
            types.Add(message[at + 2]);
            at += Math.Max(4, (length + 3) & ~3);
        }
        return types;
    }

    [Fact]
    public void StartThroughTheCommandLinePrintsRecordsOnlyAndRestores()
    {
        var kernel = new FakeKernel { AfterStart = FiveAlerts };
        var (code, stdout, stderr) = Cli(kernel, "-l", "null", "--start", "--mode", "packet", "--trunc", "128", "--queue", "2000", "--count", "2");
        Assert.Equal("", stderr);
        Assert.Equal(ExitCode.Success, code);
        Assert.Equal(2, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.All(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.Matches("^1[0-9] drops at .*0xffffffff962ac49[12].* \\[software\\]$", l));
        AssertNotMonitoringAndDefaults(kernel);
    }

    [Fact]
    public void AFailedStdoutEndsWith74AfterStopAndRestore()
    {
        var kernel = new FakeKernel();
        kernel.AfterStart = k =>
        {
            for (int i = 0; i < 50; i++)
                k.Multicast(KernelMessages.SummaryAlert(k.NetDmFamilyId, (0xffffffff962ac491 + (ulong)i, 1)));
        };
        var stderr = new StringWriter();
        int code = Program.Run(["-l", "null", "--start", "--mode", "packet", "--count", "40"], new StringWriter(), stderr,
            s => Launcher.Run(s, new FailingStream(250, DropWatch.Native.Errno.ENOSPC), stderr, kernel.Open, _ => throw new InvalidOperationException()));
        Assert.Equal(ExitCode.OutputError, code);
        Assert.Equal("dropwatch: cannot write to standard output: No space left on device\n", stderr.ToString());
        AssertNotMonitoringAndDefaults(kernel);
    }

    /// <summary>A source with neither NET_DM's settings nor hardware drops, like the tracepoint.</summary>
    private sealed class IdleSource : IDropSource
    {
        public int Starts { get; private set; }
        public int Stops { get; private set; }
        public Action? OnStart { get; set; }
        public string Name => "idle source";
        public Origins SupportedOrigins => Origins.Software;
        public AlertMode Mode { get; private set; }
        public LossCounters Losses { get; } = new();
        public void SetAlertMode(AlertMode mode) => Mode = mode;
        public void BeginSession() { }
        public void EndSession() { }
        public void Start(Origins origins) { Starts++; OnStart?.Invoke(); }
        public void Stop(Origins origins) => Stops++;
        public ReceiveStatus ReceiveAlerts(IDropEventSink sink, int timeoutMs) => Stops > 0 || timeoutMs == 0 ? ReceiveStatus.TimedOut : ReceiveStatus.Woken;
        public void Wake() { }
        public void Dispose() { }
    }
}

/// <summary>The restore puts back only what the run changed and what nobody changed since.</summary>
public class ConfigRestoreTests
{
    [Fact]
    public void ASettingAnotherClientChangedSinceIsLeftAlone()
    {
        var kernel = new FakeKernel();
        using var ours = DropMonitorClient.Connect(kernel.Open, 1 << 16);
        using var theirs = DropMonitorClient.Connect(kernel.Open, 1 << 16);
        var restore = ConfigRestore.Snapshot(ours);
        restore.Apply(AlertMode.Packet, 128, 2000);
        theirs.Configure(truncation: 64);
        Assert.Null(restore.Restore());
        Assert.Equal((AlertMode.Summary, 64u, 1000u), (kernel.Mode, kernel.TruncationLength, kernel.QueueLength));
    }

    [Fact]
    public void NothingChangedMeansNoConfigRequest()
    {
        var kernel = new FakeKernel();
        using var ours = DropMonitorClient.Connect(kernel.Open, 1 << 16);
        var restore = ConfigRestore.Snapshot(ours);
        restore.Apply(truncation: 0, queueLength: 1000);
        int requests = kernel.Requests.Count;
        Assert.False(restore.Changed);
        Assert.Null(restore.Restore());
        Assert.Equal(requests, kernel.Requests.Count);
    }

    [Fact]
    public void ARestoreThatTheKernelRefusesIsReturned()
    {
        var kernel = new FakeKernel();
        using var ours = DropMonitorClient.Connect(kernel.Open, 1 << 16);
        using var theirs = DropMonitorClient.Connect(kernel.Open, 1 << 16);
        var restore = ConfigRestore.Snapshot(ours);
        restore.Apply(AlertMode.Packet);
        theirs.Start(Origins.None);
        Assert.NotNull(restore.Restore());
        Assert.Equal(AlertMode.Packet, kernel.Mode);
    }
}
