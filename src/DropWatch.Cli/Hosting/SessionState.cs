namespace DropWatch.Cli.Hosting;

/// <summary>
/// Where the session is, as signal handlers see it. Starting and Stopping count as monitoring:
/// a signal that lands while START or STOP is in flight must still lead to a STOP.
/// </summary>
public enum SessionState
{
    Idle = 0,
    Starting,
    Monitoring,
    Stopping,
}
