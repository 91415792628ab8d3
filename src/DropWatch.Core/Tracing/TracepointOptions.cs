namespace DropWatch.Core.Tracing;

/// <summary>How <see cref="KfreeSkbTracepoint.Open"/> sets up the event.</summary>
public sealed record TracepointOptions
{
    /// <summary>tracefs root (e.g. <c>/sys/kernel/tracing</c>); null finds it from <c>/proc/self/mounts</c>.</summary>
    public string? TracefsPath { get; init; }

    /// <summary>
    /// When no tracefs is mounted, mount it at <c>/sys/kernel/tracing</c> (needs root) just long enough to read
    /// the event's id and format, then unmount it: the perf events do not need it, and a tool that only looks
    /// should not leave a mount behind.
    /// </summary>
    public bool MountTracefsIfMissing { get; init; } = true;

    /// <summary>Data pages per CPU ring; a power of two. The default, 256 pages, is 1 MiB with 4 KiB pages
    /// (about 16,000 kfree_skb events of 64 bytes).</summary>
    public int RingPagesPerCpu { get; init; } = 256;

    /// <summary>
    /// Bytes of unread data in a ring that wake <see cref="KfreeSkbTracepoint.Poll"/>; null means a quarter of
    /// the ring. A wake-up per event would cost more than the event itself at high drop rates; with a
    /// watermark, a quiet system still delivers every event when the poll timeout expires.
    /// </summary>
    public int? WakeupWatermarkBytes { get; init; }

    /// <summary>Also record each drop's kernel stack (PERF_SAMPLE_CALLCHAIN, user frames excluded): <c>--stack</c>.</summary>
    public bool Callchain { get; init; }

    /// <summary>CPUs to watch; null means every online CPU.</summary>
    public IReadOnlyList<int>? Cpus { get; init; }
}
