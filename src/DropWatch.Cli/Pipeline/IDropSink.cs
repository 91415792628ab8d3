using DropWatch.Core.Events;

namespace DropWatch.Cli.Pipeline;

/// <summary>
/// One output of the pipeline (upstream text, JSON Lines, …). Every sink sees the same records: the
/// alert limit, filtering and loss accounting happen before it, once. Calls come on the monitoring
/// thread; a sink writes into its own buffer and never flushes (the monitoring loop does, per burst).
/// </summary>
public interface IDropSink
{
    void OnSessionStarted(in SessionStart start);

    /// <summary>One record. Spans in <paramref name="drop"/> are valid only during the call.</summary>
    void OnDrop(in DropEvent drop, in DropLocation location);

    void OnSessionEnded(in SessionEnd end);
}
