using DropWatch.Cli.Filtering;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Core.Symbols;

namespace DropWatch.Cli.Pipeline;

/// <summary>
/// The one path every drop takes from a source to the sinks: resolve the symbol (once, here), apply
/// the filter and then the alert limit (once, here), fan out. Sources deliver into it; sinks never see a source.
/// </summary>
public sealed class DropPipeline : IDropEventSink
{
    private readonly ISymbolResolver _resolver;
    private readonly IDropSink[] _sinks;
    private LossCounters _losses = new();
    private ulong _limit;

    public DropPipeline(ISymbolResolver resolver, params IDropSink[] sinks)
    {
        _resolver = resolver;
        _sinks = sinks;
    }

    /// <summary>
    /// Noise control and the user's filter, applied after resolving and before the alert limit: drops
    /// it stops reach no sink and count toward no limit. Without noise rules or a filter it passes everything.
    /// </summary>
    public FilterStage Filters { get; init; } = new();

    /// <summary>Called once, right after the record that reached the alert limit.</summary>
    public Action? LimitReachedAction { get; set; }

    /// <summary>True once the alert limit has been reached; later records are discarded.</summary>
    public bool LimitReached { get; private set; }

    /// <summary>Records handed to the sinks in the current session.</summary>
    public ulong Records { get; private set; }

    /// <summary>Starts a session: the count restarts (upstream never reset it).</summary>
    public void Begin(in SessionStart start, LossCounters losses)
    {
        _limit = start.AlertLimit;
        _losses = losses;
        Records = 0;
        LimitReached = false;
        Filters.Reset();
        foreach (IDropSink sink in _sinks)
            sink.OnSessionStarted(start);
    }

    public void End(in SessionEnd end)
    {
        foreach (IDropSink sink in _sinks)
            sink.OnSessionEnded(end);
    }

    public void OnDrop(in DropEvent drop)
    {
        if (LimitReached)
            return;
        DropLocation location = Resolve(drop);
        if (!Filters.Passes(drop, location))
            return;
        foreach (IDropSink sink in _sinks)
            sink.OnDrop(drop, location);
        Records++;
        if (_limit != 0 && Records == _limit)
        {
            LimitReached = true;
            LimitReachedAction?.Invoke();
        }
    }

    public void OnSummaryTableFull() => _losses.FullSummaryTables++;

    private DropLocation Resolve(in DropEvent drop)
    {
        if (!drop.HasPc || drop.Pc == 0)
            return DropLocation.None;
        return _resolver.TryResolveExtent(drop.Pc, out SymbolMatch match, out ulong size)
            ? new DropLocation(true, match, size)
            : DropLocation.None;
    }

    /// <summary>Wall-clock now, in the sinks' unit (ns since the Unix epoch).</summary>
    public static ulong NowNs() => (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
}
