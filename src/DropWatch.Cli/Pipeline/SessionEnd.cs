using DropWatch.Core.DropMonitor;

namespace DropWatch.Cli.Pipeline;

/// <summary>
/// A monitoring session ended: why, whether the kernel acknowledged STOP, how many records the
/// sinks were given, and everything that was lost on the way; <paramref name="Filtered"/>: drops a
/// filter kept from the sinks, null when no filter was set.
/// </summary>
public readonly record struct SessionEnd(StopCause Cause, bool Stopped, ulong Records, ulong TimeNs, LossCounters Losses,
    ulong? Filtered = null);
