using DropWatch.Cli.Exporter;
using DropWatch.Core.DropMonitor;

namespace DropWatch.Cli.Tests.Exporter;

public class ExporterStateTests
{
    private static long Socket(ExporterState s) => s.Lost(Array.IndexOf(ExporterState.LossCauses, "socket"));
    private static long Ring(ExporterState s) => s.Lost(Array.IndexOf(ExporterState.LossCauses, "ring"));

    [Fact]
    public void LossesAddUpAcrossSessionsAndNeverGoDown()
    {
        var state = new ExporterState("x");
        var session = new LossCounters();
        session.RingLostEvents = 5;
        state.PublishLosses(session);
        Assert.Equal(5, Ring(state));
        state.CompleteSession(session);

        session.Reset(); // the source's next session starts at zero
        state.PublishLosses(session);
        Assert.Equal(5, Ring(state));
        session.RingLostEvents = 3;
        state.PublishLosses(session);
        Assert.Equal(8, Ring(state));
        state.CompleteSession(session);
        session.Reset();
        state.PublishLosses(session);
        Assert.Equal(8, Ring(state));
    }

    [Fact]
    public void AnExactCountBelowAnEarlierEstimateDoesNotLowerTheCounter()
    {
        var state = new ExporterState("x");
        var session = new LossCounters { SocketOverruns = 4 }; // live estimate during the session
        state.PublishLosses(session);
        Assert.Equal(4, Socket(state));
        session.SocketDroppedAlerts = 3; // exact after STOP (lower than the estimate: cannot happen in the kernel, guarded anyway)
        state.CompleteSession(session);
        Assert.Equal(4, Socket(state));
        session.Reset();
        session.SocketOverruns = 1;
        state.PublishLosses(session);
        Assert.Equal(5, Socket(state));
    }

    [Fact]
    public void UnknownKernelCountsAreNotPublishedAsNegative()
    {
        var state = new ExporterState("x");
        state.PublishLosses(new LossCounters()); // KernelTailDropped and SocketDroppedAlerts are -1
        for (int c = 0; c < ExporterState.LossCauses.Length; c++)
            Assert.Equal(0, state.Lost(c));
    }
}
