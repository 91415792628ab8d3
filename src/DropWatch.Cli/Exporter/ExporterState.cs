using DropWatch.Core.DropMonitor;

namespace DropWatch.Cli.Exporter;

/// <summary>
/// What <c>/metrics</c> reports besides the drop counters: whether we are monitoring, whether
/// another client holds the kernel's monitor, how often we re-took it, and the losses of every
/// session so far. Written by the monitoring thread, read by scrapes; every value is one
/// <c>long</c> (volatile), so a scrape never sees a torn number.
/// </summary>
public sealed class ExporterState
{
    /// <summary>Loss causes in exposition order, as the JSON <c>loss</c> objects name them.</summary>
    public static readonly string[] LossCauses = ["socket", "kernel_queue", "ring", "summary_cap", "truncated", "malformed"];

    private readonly long[] _completed = new long[LossCauses.Length];
    private readonly long[] _published = new long[LossCauses.Length];
    private long _monitoring;
    private long _ownedElsewhere;
    private long _restarts;

    public ExporterState(string source) => Source = source;

    /// <summary>The drop source's name, for <c>dropwatch_source_info</c>.</summary>
    public string Source { get; }

    public bool Monitoring
    {
        get => Volatile.Read(ref _monitoring) != 0;
        set => Volatile.Write(ref _monitoring, value ? 1 : 0);
    }

    public bool OwnedElsewhere
    {
        get => Volatile.Read(ref _ownedElsewhere) != 0;
        set => Volatile.Write(ref _ownedElsewhere, value ? 1 : 0);
    }

    /// <summary>Times monitoring was started again after another client turned it off.</summary>
    public long Restarts => Volatile.Read(ref _restarts);

    public void CountRestart() => Volatile.Write(ref _restarts, _restarts + 1);

    public long Lost(int cause) => Volatile.Read(ref _published[cause]);

    /// <summary>
    /// Publishes the current session's losses on top of the finished sessions'. A session's
    /// counters are reset when it begins and some are only exact after STOP, so the published
    /// value never goes below what was published before.
    /// </summary>
    public void PublishLosses(LossCounters session)
    {
        Span<long> now = stackalloc long[LossCauses.Length];
        Read(session, now);
        for (int c = 0; c < now.Length; c++)
        {
            long total = _completed[c] + now[c];
            if (total > _published[c])
                Volatile.Write(ref _published[c], total);
        }
    }

    /// <summary>Folds a finished session (after <c>EndSession</c>) into the totals.</summary>
    public void CompleteSession(LossCounters session)
    {
        PublishLosses(session);
        Span<long> now = stackalloc long[LossCauses.Length];
        Read(session, now);
        for (int c = 0; c < now.Length; c++)
            _completed[c] = Math.Max(_completed[c] + now[c], _published[c]);
    }

    private static void Read(LossCounters l, Span<long> into)
    {
        into[0] = Math.Max(0, l.SocketLost);
        into[1] = Math.Max(0, l.KernelTailDropped);
        into[2] = l.RingLostEvents;
        into[3] = l.FullSummaryTables;
        into[4] = l.TruncatedDatagrams;
        into[5] = l.MalformedDatagrams;
    }
}
