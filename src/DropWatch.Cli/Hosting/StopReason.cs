namespace DropWatch.Cli.Hosting;

/// <summary>Why the monitoring loop was asked to stop; a higher value outranks a lower one.</summary>
public enum StopReason
{
    None = 0,
    /// <summary>A one-shot run's --duration is over: stop monitoring, then exit.</summary>
    Deadline,
    /// <summary>Ctrl-C: stop monitoring and return to the prompt.</summary>
    Interrupt,
    /// <summary>Our standard output went away (its reader closed the pipe): stop, then exit.</summary>
    OutputClosed,
    /// <summary>SIGTERM, SIGHUP or SIGQUIT, or a second signal: stop monitoring, then exit.</summary>
    Terminate,
}
