namespace DropWatch.Core.Tracing;

/// <summary>What only the tracepoint source has: per-CPU trace rings that can overflow.</summary>
public interface ITraceRingSource
{
    /// <summary>Events the kernel could not write because a ring was full, since the source was opened.</summary>
    ulong RingLostEvents { get; }
}
