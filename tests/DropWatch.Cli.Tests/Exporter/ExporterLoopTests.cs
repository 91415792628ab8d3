using DropWatch.Cli.Exporter;
using DropWatch.Cli.Hosting;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Symbols;
using DropWatch.Testing;

namespace DropWatch.Cli.Tests.Exporter;

/// <summary>
/// The exporter's monitoring loop against the fake kernel, with a second NET_DM client playing
/// the interactive user: wait while it holds the monitor, take over when it frees, turn
/// monitoring on again after its STOP, count alerts throughout, and leave through STOP.
/// </summary>
public class ExporterLoopTests
{
    private static bool Eventually(Func<bool> condition, int seconds = 20) =>
        SpinWait.SpinUntil(condition, TimeSpan.FromSeconds(seconds));

    [Fact]
    public async Task WaitsForTheMonitorTakesItOverAndUndoesAnotherClientsStop()
    {
        var kernel = new FakeKernel();
        using var other = DropMonitorClient.Connect(kernel.Open, 1 << 16);
        other.Start(Origins.Software); // someone else is monitoring when the exporter starts

        using var source = DropMonitorClient.Connect(kernel.Open, 1 << 20);
        var metrics = new DropMetrics();
        var state = new ExporterState(source.Name);
        var stop = new StopSignal(SignalPolicy.Service);
        stop.SetWaker(source.Wake);
        using var signals = new SignalHandlers(stop);
        var log = new StringWriter();
        var errors = new ErrorReporter(new OutputBuffer(Stream.Null), TextWriter.Null);
        var exporterLog = new ExporterLog(TextWriter.Synchronized(log));
        var mode = new AlertModeChoice(source, exporterLog);
        mode.Capture();
        var loop = new ExporterLoop(source, new DropPipeline(NullResolver.Instance, metrics), state, stop, mode, errors, exporterLog)
        {
            RetryMs = 100,
            CheckMs = 100,
        };
        Task<int> run = Task.Run(loop.Run);

        Assert.True(Eventually(() => state.OwnedElsewhere), "never reported the monitor as owned elsewhere");
        Assert.False(state.Monitoring);
        byte[] alert = KernelMessages.SoftwarePacketAlert(kernel.NetDmFamilyId, 0xffffffff81000000, "__udp4_lib_rcv+0x9a/0xe80", 1);
        kernel.Multicast(alert); // the owner's alert, counted passively
        Assert.True(Eventually(() => Count(metrics) == 1), $"counted {Count(metrics)} of the owner's 1");
        Assert.Equal(0, kernel.StopCount); // passive: the owner's monitoring is left alone
        other.Stop(Origins.Software);
        Assert.True(Eventually(() => state.Monitoring && !state.OwnedElsewhere), "never took the monitor over");
        Assert.Equal(AlertMode.Packet, kernel.Mode);

        kernel.Multicast(alert);
        kernel.Multicast(alert);
        Assert.True(Eventually(() => Count(metrics) == 3), $"counted {Count(metrics)} of 3");

        other.Stop(Origins.Software); // the interactive user's 'stop'
        Assert.True(Eventually(() => state.Restarts == 1 && kernel.Monitoring), "monitoring was not turned on again");
        kernel.Multicast(alert);
        Assert.True(Eventually(() => Count(metrics) == 4), $"counted {Count(metrics)} of 4");

        Assert.True(signals.Deliver(15));
        Assert.Equal(ExitCode.Success, await run.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.False(kernel.Monitoring);
        Assert.False(state.Monitoring);
        mode.Restore();
        Assert.Equal(AlertMode.Summary, kernel.Mode); // as found
        string text = log.ToString();
        Assert.Contains("in use by another client", text);
        Assert.Contains("took over the kernel's drop monitor", text);
        Assert.Contains("turned it on again", text);
        Assert.Contains("stopped monitoring", text);
        Assert.Equal(1, text.Split('\n').Count(l => l.Contains("in use by another client"))); // one line per change, not per retry
    }

    /// <summary>
    /// Every terminating signal, delivered through the shared signal layer while the exporter waits
    /// for another client's monitor (state Idle, where the REPL would let it kill the process), is
    /// handled: the loop ends with status 0, starts nothing and stops nothing.
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(15)]
    [InlineData(1)]
    [InlineData(3)]
    public async Task ASignalWhileWaitingEndsTheLoopWithoutStartingOrStopping(int signal)
    {
        var kernel = new FakeKernel();
        using var other = DropMonitorClient.Connect(kernel.Open, 1 << 16);
        other.Start(Origins.Software);
        using var source = DropMonitorClient.Connect(kernel.Open, 1 << 20);
        var state = new ExporterState(source.Name);
        var stop = new StopSignal(SignalPolicy.Service);
        stop.SetWaker(source.Wake);
        using var signals = new SignalHandlers(stop);
        var log = new ExporterLog(TextWriter.Null);
        var loop = new ExporterLoop(source, new DropPipeline(NullResolver.Instance, new DropMetrics()), state, stop,
            new AlertModeChoice(source, log), new ErrorReporter(new OutputBuffer(Stream.Null), TextWriter.Null), log) { RetryMs = 60_000 };
        Task<int> run = Task.Run(loop.Run);
        Assert.True(Eventually(() => state.OwnedElsewhere));
        int startsBefore = kernel.StartCount;
        Assert.True(signals.Deliver(signal), "the exporter let the signal take its default action");
        Assert.Equal(ExitCode.Success, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, kernel.StopCount); // the other client's monitoring is left alone
        Assert.Equal(startsBefore, kernel.StartCount);
        Assert.True(kernel.Monitoring);
    }

    /// <summary>SIGINT while the exporter monitors is no "back to the prompt": it stops through STOP and ends with 0.</summary>
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ASignalWhileMonitoringStopsTheKernelAndEndsTheLoop(int signal)
    {
        var kernel = new FakeKernel();
        using var source = DropMonitorClient.Connect(kernel.Open, 1 << 20);
        var state = new ExporterState(source.Name);
        var stop = new StopSignal(SignalPolicy.Service);
        stop.SetWaker(source.Wake);
        using var signals = new SignalHandlers(stop);
        var log = new StringWriter();
        var exporterLog = new ExporterLog(TextWriter.Synchronized(log));
        var loop = new ExporterLoop(source, new DropPipeline(NullResolver.Instance, new DropMetrics()), state, stop,
            new AlertModeChoice(source, exporterLog), new ErrorReporter(new OutputBuffer(Stream.Null), TextWriter.Null), exporterLog);
        Task<int> run = Task.Run(loop.Run);
        Assert.True(Eventually(() => state.Monitoring && kernel.Monitoring));
        Assert.True(signals.Deliver(signal));
        Assert.Equal(ExitCode.Success, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, kernel.StopCount);
        Assert.False(kernel.Monitoring);
        Assert.Contains("stopped monitoring", log.ToString());
    }

    private static long Count(DropMetrics m)
    {
        long sum = 0;
        for (int i = 0; i < m.Drops.Count; i++)
            sum += m.Drops.CountAt(i);
        return sum;
    }
}
