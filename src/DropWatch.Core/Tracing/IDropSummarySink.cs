
namespace DropWatch.Core.Tracing;

/// <summary>Receives one closed aggregation window from <see cref="DropAggregator"/>.</summary>
public interface IDropSummarySink
{
    /// <param name="drops">One entry per location, in first-seen order; valid only during the call.</param>
    /// <param name="windowStartNs">Time of the window's first drop (realtime ns since the epoch).</param>
    /// <param name="windowEndNs">Time the window was closed.</param>
    void OnWindow(ReadOnlySpan<LocationCount> drops, ulong windowStartNs, ulong windowEndNs);
}
