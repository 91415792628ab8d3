using DropWatch.Cli.Exporter;
using DropWatch.Cli.Hosting;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Cli.Tests.Host;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Symbols;
using DropWatch.Native;
using DropWatch.Testing;

namespace DropWatch.Cli.Tests.Exporter;

/// <summary>Tests that send real signals to this test process: nothing else may run beside them.</summary>
[CollectionDefinition("process signals", DisableParallelization = true)]
public class ProcessSignalsCollection;

/// <summary>
/// A real SIGTERM/SIGHUP/SIGINT/SIGQUIT, sent to this very process while the exporter loop waits
/// to try START again (the fake kernel refused it), goes through the shared signal layer: the
/// session is idle, where the REPL's policy would let the signal end the process — the exporter's
/// handles it, and the loop ends with 0 at once, without starting or stopping anything. A broken layer
/// takes the test run down with it, which is the failure this test is there to show.
/// </summary>
[Collection("process signals")]
public class ExporterRealSignalTests
{
    [Theory]
    [InlineData(15)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ARealSignalWhileWaitingToRetryEndsTheLoopWithZero(int signal)
    {
        var kernel = new FakeKernel();
        int refused = 0;
        kernel.ReplyOverride = r =>
        {
            if (r.Type != kernel.NetDmFamilyId || r.Command != NetDm.CmdStart)
                return null;
            Interlocked.Increment(ref refused);
            return [KernelMessages.Error(-Errno.EINVAL, r.Sequence, r.PortId, r.Type, "invalid start")];
        };
        using var source = DropMonitorClient.Connect(kernel.Open, 1 << 20);
        var state = new ExporterState(source.Name);
        var stop = new StopSignal(SignalPolicy.Service);
        stop.SetWaker(source.Wake);
        using var signals = new SignalHandlers(stop);
        var log = new ExporterLog(TextWriter.Null);
        var loop = new ExporterLoop(source, new DropPipeline(NullResolver.Instance, new DropMetrics()), state, stop,
            new AlertModeChoice(source, log), new ErrorReporter(new OutputBuffer(Stream.Null), TextWriter.Null), log) { RetryMs = 60_000 };
        Task<int> run = Task.Run(loop.Run);
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref refused) == 1, TimeSpan.FromSeconds(20)), "START was never tried");
        Thread.Sleep(100); // into the 60 s wait before the next try
        Assert.Equal(SessionState.Idle, stop.State);

        ExporterSignalHostTests.Send(Environment.ProcessId, signal);
        Assert.Equal(ExitCode.Success, await run.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(signal, stop.TerminatingSignal);
        Assert.Equal(1, Volatile.Read(ref refused)); // no START after the signal
        Assert.Equal(0, kernel.StopCount); // a refused START changed nothing: no STOP either
    }
}
