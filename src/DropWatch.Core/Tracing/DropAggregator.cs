
namespace DropWatch.Core.Tracing;

/// <summary>
/// Summary mode for the tracepoint source: counts drops per location and hands the counts to an
/// <see cref="IDropSummarySink"/> when a window closes, like NET_DM's summary alerts (reference §6.4):
/// a window opens at its first drop and closes <see cref="Window"/> later. Unlike the kernel it merges all
/// CPUs into one window and has no 64-location limit, so nothing is silently left uncounted.
/// </summary>
/// <remarks>
/// Windows are closed by time seen, either in a drop's timestamp or in <see cref="Advance"/>; call
/// <see cref="AdvanceToNow"/> after each poll so a window closes on time when drops stop, and
/// <see cref="Flush"/> when monitoring stops. Not thread-safe; no allocation per drop once warmed up.
/// </remarks>
public sealed class DropAggregator : ITracepointSink
{
    private readonly IDropSummarySink _sink;
    private readonly ulong _windowNs;
    private readonly LocationCountMap _counts = new();
    private LocationCount[] _emitBuffer = new LocationCount[64];
    private ulong _windowStartNs;

    public DropAggregator(IDropSummarySink sink, TimeSpan? window = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var length = window ?? TimeSpan.FromSeconds(1);
        if (length <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(window), "the window must be positive");
        _sink = sink;
        Window = length;
        _windowNs = (ulong)length.Ticks * 100;
    }

    public TimeSpan Window { get; }

    /// <summary>Distinct locations in the open window.</summary>
    public int PendingLocations => _counts.Count;

    /// <summary>Drops counted over the aggregator's life.</summary>
    public ulong TotalDrops { get; private set; }

    public void OnDrop(in TracepointDrop drop) => Add(drop.Location, drop.TimestampNs);

    public void Add(ulong location, ulong timestampNs)
    {
        Advance(timestampNs);
        if (_counts.Count == 0)
            _windowStartNs = timestampNs;
        _counts.Increment(location);
        TotalDrops++;
    }

    /// <summary>Closes the open window if <paramref name="nowNs"/> is at or past its end.</summary>
    public void Advance(ulong nowNs)
    {
        if (_counts.Count != 0 && nowNs >= _windowStartNs + _windowNs)
            Emit(nowNs);
    }

    /// <summary><see cref="Advance"/> with the current wall-clock time, the clock drop timestamps use.</summary>
    public void AdvanceToNow() => Advance(RealtimeNowNs());

    /// <summary>Closes the open window now, however young (at stop).</summary>
    public void Flush()
    {
        if (_counts.Count != 0)
            Emit(Math.Max(RealtimeNowNs(), _windowStartNs));
    }

    private void Emit(ulong endNs)
    {
        int n = _counts.Count;
        if (_emitBuffer.Length < n)
            _emitBuffer = new LocationCount[Math.Max(n, _emitBuffer.Length * 2)];
        for (int i = 0; i < n; i++)
        {
            var (location, count) = _counts.At(i);
            _emitBuffer[i] = new LocationCount(location, count);
        }
        _counts.Clear();
        _sink.OnWindow(_emitBuffer.AsSpan(0, n), _windowStartNs, endNs);
    }

    internal static ulong RealtimeNowNs() => (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
}
