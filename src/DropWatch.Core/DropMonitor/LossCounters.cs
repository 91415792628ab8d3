namespace DropWatch.Core.DropMonitor;

/// <summary>
/// Everything that can make the printed alerts fewer than the kernel's drops, counted in one
/// place so it can be reported when monitoring stops.
/// </summary>
public sealed class LossCounters
{
    /// <summary>Times the kernel reported that it dropped alerts for our socket (ENOBUFS).</summary>
    public long SocketOverruns;

    /// <summary>Datagrams that failed to decode and were skipped.</summary>
    public long MalformedDatagrams;

    /// <summary>Datagrams longer than the receive buffer, whose tail was lost.</summary>
    public long TruncatedDatagrams;

    /// <summary>Summary alerts that arrived with the kernel's 64-location table full.</summary>
    public long FullSummaryTables;

    public bool Any => SocketOverruns + MalformedDatagrams + TruncatedDatagrams + FullSummaryTables > 0;

    public void Reset()
    {
        SocketOverruns = 0;
        MalformedDatagrams = 0;
        TruncatedDatagrams = 0;
        FullSummaryTables = 0;
    }
}
