namespace DropWatch.Cli.Hosting;

/// <summary>
/// The hand-off between signal handlers (which run on a runtime thread) and the monitoring loop:
/// a handler records why to stop and wakes the receive; the loop does the stopping.
/// </summary>
public sealed class StopSignal
{
    private int _reason;
    private int _state;
    private Action? _wake;

    public StopReason Reason => (StopReason)Volatile.Read(ref _reason);

    /// <summary>The signal number that asked to terminate, for the exit status (128 + signal).</summary>
    public int TerminatingSignal { get; private set; }

    public SessionState State
    {
        get => (SessionState)Volatile.Read(ref _state);
        set => Volatile.Write(ref _state, (int)value);
    }

    /// <summary>What to call to interrupt a blocked receive (the drop source's wake).</summary>
    public void SetWaker(Action? wake) => Volatile.Write(ref _wake, wake);

    /// <summary>
    /// Called from a signal handler. Returns true when the session handles the signal itself
    /// (it is monitoring); false means the signal's default action should proceed.
    /// </summary>
    public bool Request(StopReason reason, int signal)
    {
        if (State == SessionState.Idle)
            return false;
        if (reason == StopReason.Terminate)
            TerminatingSignal = signal;
        // Terminate outranks Interrupt: a SIGTERM after a Ctrl-C must still end the process.
        int current;
        do
        {
            current = Volatile.Read(ref _reason);
            if (current >= (int)reason) break;
        } while (Interlocked.CompareExchange(ref _reason, (int)reason, current) != current);
        Volatile.Read(ref _wake)?.Invoke();
        return true;
    }

    /// <summary>Clears an interrupt once it has been handled; a termination request stays.</summary>
    public void ClearInterrupt() => Interlocked.CompareExchange(ref _reason, (int)StopReason.None, (int)StopReason.Interrupt);
}
