using DropWatch.Core.DropMonitor;

namespace DropWatch.Cli.OneShot;

/// <summary>What a non-interactive run does instead of the REPL.</summary>
public enum OneShotAction
{
    /// <summary>Configure, monitor until the count, the duration or a signal, stop, restore.</summary>
    Start,
    /// <summary>Print the configuration, as the REPL's <c>show</c>.</summary>
    Query,
    /// <summary>Print the kernel's statistics, as the REPL's <c>stats</c>.</summary>
    Stats,
    /// <summary>Send STOP, as the REPL's <c>stop</c>: turns off a monitor another or a killed client left on.</summary>
    Stop,
}

/// <summary>
/// A one-shot run as the command line asked for it; values are already checked. A null setting
/// leaves the kernel's current value alone. <see cref="Passive"/>: listen to another client's
/// monitor; nothing is configured, started or stopped.
/// </summary>
public sealed record OneShotRequest(
    OneShotAction Action,
    AlertMode Mode = AlertMode.Summary,
    ulong Count = 0,
    TimeSpan? Duration = null,
    Origins Origins = Origins.None,
    uint? Truncation = null,
    uint? QueueLength = null,
    bool KeepConfig = false,
    bool Passive = false);
