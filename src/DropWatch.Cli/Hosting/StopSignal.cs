namespace DropWatch.Cli.Hosting;

/// <summary>
/// The hand-off between signal handlers (which run on a runtime thread) and the monitoring loop:
/// a handler records why to stop and wakes the receive; the loop and the session guard do the
/// stopping. State changes and the handlers' decisions take one lock, so a signal can never take
/// its default action (ending the process) after START has gone out. The <see cref="SignalPolicy"/>
/// says what a signal means outside monitoring.
/// </summary>
public sealed class StopSignal(SignalPolicy policy = SignalPolicy.Interactive)
{
    private readonly Lock _gate = new();
    private readonly ManualResetEventSlim _terminated = new();
    private StopReason _reason;
    private SessionState _state;
    private bool _processEnding;
    private Action? _wake;

    public StopReason Reason
    {
        get { lock (_gate) return _reason; }
    }

    /// <summary>The signal number that asked to terminate, for the exit status (128 + signal).</summary>
    public int TerminatingSignal { get; private set; }

    /// <summary>A signal arrived while a stop was already under way: stop once more, then exit.</summary>
    public bool Forced { get; private set; }

    /// <summary>Set once a termination was asked for (a signal, or a second one): the process is to end.</summary>
    public bool Terminated => _terminated.IsSet;

    /// <summary>Waits up to <paramref name="milliseconds"/> (between sessions); true when a termination was asked for.</summary>
    public bool WaitForTermination(int milliseconds) => _terminated.Wait(milliseconds);

    public SessionState State
    {
        get { lock (_gate) return _state; }
    }

    /// <summary>What to call to interrupt a blocked receive (the drop source's wake).</summary>
    public void SetWaker(Action? wake) => Volatile.Write(ref _wake, wake);

    /// <summary>
    /// Leaves Idle for Starting, so that any signal from now on leads to STOP. False when a signal
    /// has already been let through to end the process: then nothing may be started.
    /// </summary>
    public bool TryBeginStarting()
    {
        lock (_gate)
        {
            if (_processEnding || _reason == StopReason.Terminate)
                return false;
            _state = SessionState.Starting;
            return true;
        }
    }

    public void Enter(SessionState state)
    {
        lock (_gate)
            _state = state;
    }

    /// <summary>
    /// Called from a signal handler. Returns true when the session handles the signal itself
    /// (monitoring is or may be on, or the policy is <see cref="SignalPolicy.Service"/>); false
    /// means the signal's default action should proceed.
    /// </summary>
    public bool Request(StopReason reason, int signal)
    {
        lock (_gate)
        {
            if (policy == SignalPolicy.Service)
                reason = StopReason.Terminate;
            else if (_state == SessionState.Idle)
            {
                _processEnding = true;
                return false;
            }
            if (_state == SessionState.Stopping || _reason != StopReason.None)
            {
                // A second signal: the user wants out even if the kernel is slow to answer.
                Forced = true;
                if (reason < StopReason.Terminate)
                    reason = StopReason.Terminate;
            }
            if (reason == StopReason.Terminate && TerminatingSignal == 0)
                TerminatingSignal = signal;
            if (reason > _reason)
                _reason = reason;
            if (_reason == StopReason.Terminate)
                _terminated.Set();
        }
        Volatile.Read(ref _wake)?.Invoke();
        return true;
    }

    /// <summary>From the stdout watcher: our reader is gone. Ends monitoring; at the prompt the next write ends the process.</summary>
    public void RequestOutputClosed()
    {
        lock (_gate)
        {
            if (_state == SessionState.Idle || _reason >= StopReason.OutputClosed)
                return;
            _reason = StopReason.OutputClosed;
        }
        Volatile.Read(ref _wake)?.Invoke();
    }

    /// <summary>
    /// From a one-shot run's timer: the duration is over. Recorded in any state, so a deadline
    /// that passes while START is being prepared still ends the session as soon as it begins.
    /// </summary>
    public void RequestDeadline()
    {
        lock (_gate)
        {
            if (_reason >= StopReason.Deadline)
                return;
            _reason = StopReason.Deadline;
        }
        Volatile.Read(ref _wake)?.Invoke();
    }

    /// <summary>Clears an interrupt once it has been handled; a termination request stays.</summary>
    public void ClearInterrupt()
    {
        lock (_gate)
        {
            if (_reason == StopReason.Interrupt)
                _reason = StopReason.None;
        }
    }
}
