namespace DropWatch.Cli.Pipeline;

/// <summary>Why a monitoring session ended.</summary>
public enum StopCause
{
    /// <summary>The alert limit was reached.</summary>
    AlertLimit,
    /// <summary>Ctrl-C (SIGINT).</summary>
    Interrupt,
    /// <summary>SIGTERM, SIGHUP or SIGQUIT, or a second signal during the stop.</summary>
    Signal,
    /// <summary>Our standard output went away or failed.</summary>
    OutputFailed,
    /// <summary>An error inside dropwatch or the source.</summary>
    Error,
    /// <summary>A one-shot run's --duration was over.</summary>
    Duration,
}
