namespace DropWatch.Cli.Hosting;

/// <summary>What a terminating signal means to a process, decided in <see cref="StopSignal.Request"/>.</summary>
public enum SignalPolicy
{
    /// <summary>
    /// The REPL, one-shot runs and dwdump: while monitoring, SIGINT stops and returns to the prompt
    /// and SIGTERM/SIGHUP/SIGQUIT stop, then exit 128+signal; at the prompt every signal keeps its
    /// default action, as upstream's Ctrl-C does.
    /// </summary>
    Interactive = 0,

    /// <summary>
    /// The exporter (a service): SIGINT, SIGTERM, SIGHUP and SIGQUIT all end it through STOP and
    /// exit 0, in every state — also between sessions and while waiting for the kernel's monitor.
    /// No signal ever takes its default action: a service manager's stop must always go through STOP.
    /// </summary>
    Service,
}
