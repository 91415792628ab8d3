namespace DropWatch.Cli.Exporter;

/// <summary>
/// Labelled counters for one metric with at most <see cref="Capacity"/> series, written by one
/// thread (monitoring) and read by any (scrapes) without locks.
///
/// Prometheus counters must never go down or vanish, so a series, once created, stays for the life
/// of the process; nothing is ever evicted or re-labelled. New label sets get a series of their own
/// while fewer than <see cref="OwnSeries"/> exist; after that they are folded into the series with the
/// folded label set to <c>other</c> (other labels kept, so sums by reason or trap group stay
/// right), created while the table has room. A quarter of the slots (at least one) is kept for
/// such folds, so the drop reasons of late locations still have somewhere to go. A drop that
/// finds neither its own series nor room for its fold is counted in <see cref="Overflow"/>, so
/// nothing is ever lost from the totals.
///
/// Publication: a series' labels are stored before the series count is raised (release), and a
/// reader takes the count first (acquire), so it never sees a half-made series. Each counter is
/// one aligned <c>long</c> written with <see cref="Volatile.Write(ref long, long)"/>: no torn reads.
/// </summary>
public sealed class BoundedCounterTable
{
    public const string Other = "other";

    private readonly Dictionary<SeriesLabels, int> _index;
    private readonly SeriesLabels[] _labels;
    private readonly long[] _counts;
    private readonly int _foldedLabel;
    private int _published;
    private long _overflow;

    /// <param name="capacity">Most series ever exported (at least 1).</param>
    /// <param name="foldedLabel">Which label (0, 1 or 2) becomes <c>other</c> when folding.</param>
    public BoundedCounterTable(int capacity, int foldedLabel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(foldedLabel, 2);
        Capacity = capacity;
        _foldedLabel = foldedLabel;
        _index = new Dictionary<SeriesLabels, int>(capacity);
        _labels = new SeriesLabels[capacity];
        _counts = new long[capacity];
    }

    public int Capacity { get; }

    /// <summary>Series that may carry their own label set; the rest of <see cref="Capacity"/> is for folds.</summary>
    public int OwnSeries => Capacity - Math.Max(1, Capacity / 4);

    /// <summary>Series created so far (never decreases).</summary>
    public int Count => Volatile.Read(ref _published);

    /// <summary>Counts that found no series and no room for their fold.</summary>
    public long Overflow => Volatile.Read(ref _overflow);

    /// <summary>Adds to the series of <paramref name="labels"/> (or its fold). Monitoring thread only.</summary>
    public void Add(in SeriesLabels labels, long count)
    {
        if (_index.TryGetValue(labels, out int i) || TryCreate(labels, OwnSeries, out i))
        {
            Volatile.Write(ref _counts[i], _counts[i] + count);
            return;
        }
        SeriesLabels folded = Fold(labels);
        if (_index.TryGetValue(folded, out i) || TryCreate(folded, Capacity, out i))
            Volatile.Write(ref _counts[i], _counts[i] + count);
        else
            Volatile.Write(ref _overflow, _overflow + count);
    }

    /// <summary>A consistent view of series <paramref name="i"/> (any thread, i &lt; <see cref="Count"/>).</summary>
    public SeriesLabels LabelsAt(int i) => _labels[i];

    public long CountAt(int i) => Volatile.Read(ref _counts[i]);

    private bool TryCreate(in SeriesLabels labels, int limit, out int i)
    {
        i = _published;
        if (i >= limit)
            return false;
        _labels[i] = labels;
        _index.Add(labels, i);
        Volatile.Write(ref _published, i + 1);
        return true;
    }

    private SeriesLabels Fold(in SeriesLabels labels) => _foldedLabel switch
    {
        0 => labels with { First = Other },
        1 => labels with { Second = Other },
        _ => labels with { Third = Other },
    };
}
