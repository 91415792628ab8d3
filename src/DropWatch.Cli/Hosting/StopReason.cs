namespace DropWatch.Cli.Hosting;

public enum StopReason
{
    None = 0,
    /// <summary>Ctrl-C: stop monitoring and return to the prompt.</summary>
    Interrupt,
    /// <summary>SIGTERM, SIGHUP or SIGQUIT: stop monitoring, then exit.</summary>
    Terminate,
}
