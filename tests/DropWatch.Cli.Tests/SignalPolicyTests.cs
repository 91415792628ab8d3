using DropWatch.Cli.Hosting;

namespace DropWatch.Cli.Tests;

/// <summary>
/// The one signal layer (<see cref="SignalHandlers"/> → <see cref="StopSignal"/>) under its two
/// policies: what each signal does in each session state.
/// </summary>
public class SignalPolicyTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(15)]
    [InlineData(1)]
    [InlineData(3)]
    public void AtThePromptTheReplLetsEverySignalTakeItsDefaultAction(int signal)
    {
        var stop = new StopSignal();
        using var handlers = new SignalHandlers(stop);
        Assert.False(handlers.Deliver(signal));
        Assert.False(stop.TryBeginStarting()); // the process is ending: nothing may start now
    }

    [Fact]
    public void WhileMonitoringTheReplTurnsCtrlCIntoAnInterruptAndTheOthersIntoTermination()
    {
        var stop = new StopSignal();
        using var handlers = new SignalHandlers(stop);
        Assert.True(stop.TryBeginStarting());
        stop.Enter(SessionState.Monitoring);
        Assert.True(handlers.Deliver(2));
        Assert.Equal(StopReason.Interrupt, stop.Reason);
        Assert.False(stop.Terminated);
        stop.ClearInterrupt();
        Assert.True(handlers.Deliver(1));
        Assert.Equal(StopReason.Terminate, stop.Reason);
        Assert.Equal(1, stop.TerminatingSignal);
        Assert.True(stop.Terminated);
    }

    [Theory]
    [InlineData(2, SessionState.Idle)]
    [InlineData(15, SessionState.Idle)]
    [InlineData(1, SessionState.Starting)]
    [InlineData(3, SessionState.Monitoring)]
    [InlineData(2, SessionState.Stopping)]
    public void TheServiceHandlesEverySignalInEveryStateAsATermination(int signal, SessionState state)
    {
        var stop = new StopSignal(SignalPolicy.Service);
        using var handlers = new SignalHandlers(stop);
        int woken = 0;
        stop.SetWaker(() => woken++);
        stop.Enter(state);
        Assert.False(stop.WaitForTermination(0));
        Assert.True(handlers.Deliver(signal));
        Assert.Equal(StopReason.Terminate, stop.Reason);
        Assert.Equal(signal, stop.TerminatingSignal);
        Assert.True(stop.WaitForTermination(0));
        Assert.Equal(1, woken);
        Assert.False(stop.TryBeginStarting());
    }
}
