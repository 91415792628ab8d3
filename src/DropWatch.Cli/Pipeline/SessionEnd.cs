using DropWatch.Core.DropMonitor;

namespace DropWatch.Cli.Pipeline;

/// <summary>
/// A monitoring session ended: why, whether the kernel acknowledged STOP, how many records the
/// sinks were given, and everything that was lost on the way.
/// </summary>
public readonly record struct SessionEnd(StopCause Cause, bool Stopped, ulong Records, ulong TimeNs, LossCounters Losses);
