namespace DropWatch.Core.DropMonitor;

/// <summary>
/// Everything that can make the printed alerts fewer than the kernel's drops during one monitoring
/// session, counted in one place so it can be reported when monitoring stops.
/// </summary>
public sealed class LossCounters
{
    /// <summary>Times a receive failed with ENOBUFS (the kernel dropped alerts for our socket).</summary>
    public long SocketOverruns;

    /// <summary>Alerts the kernel dropped for our socket, from SO_MEMINFO; -1 when the kernel can't say.</summary>
    public long SocketDroppedAlerts;

    /// <summary>Packets the kernel could not queue for packet alerts (STATS "tail dropped" growth); -1 when unknown.</summary>
    public long KernelTailDropped;

    /// <summary>Tracepoint events the kernel could not write because our ring buffer was full.</summary>
    public long RingLostEvents;

    /// <summary>Datagrams that failed to decode and were skipped.</summary>
    public long MalformedDatagrams;

    /// <summary>Datagrams longer than the receive buffer, whose tail was lost.</summary>
    public long TruncatedDatagrams;

    /// <summary>Summary alerts that arrived with the kernel's 64-location table full.</summary>
    public long FullSummaryTables;

    /// <summary>
    /// Alerts the kernel dropped for our socket: exact when the kernel reports its drop
    /// counter, otherwise each ENOBUFS counts as at least one.
    /// </summary>
    public long SocketLost => SocketDroppedAlerts >= 0 ? SocketDroppedAlerts : SocketOverruns;

    /// <summary>Alerts that never reached the screen.</summary>
    public long AlertsLost =>
        SocketLost
        + Math.Max(0, KernelTailDropped) + RingLostEvents + MalformedDatagrams + TruncatedDatagrams;

    public void Reset()
    {
        SocketOverruns = 0;
        SocketDroppedAlerts = -1;
        KernelTailDropped = -1;
        RingLostEvents = 0;
        MalformedDatagrams = 0;
        TruncatedDatagrams = 0;
        FullSummaryTables = 0;
    }

    public LossCounters() => Reset();
}
