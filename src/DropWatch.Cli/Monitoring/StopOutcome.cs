namespace DropWatch.Cli.Monitoring;

/// <summary>How STOP went: null <see cref="Failure"/> means the kernel (or the tracepoint) acknowledged it.</summary>
public sealed record StopOutcome(Exception? Failure)
{
    public bool Stopped => Failure is null;
}
