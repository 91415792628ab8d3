using DropWatch.Core.Events;
using DropWatch.Core.Tracing;

namespace DropWatch.Core.Tests.Tracing;

internal sealed class SummaryRecorder : IDropSummarySink
{
    public List<(LocationCount[] Drops, ulong Start, ulong End)> Windows { get; } = [];

    public void OnWindow(ReadOnlySpan<LocationCount> drops, ulong windowStartNs, ulong windowEndNs) =>
        Windows.Add((drops.ToArray(), windowStartNs, windowEndNs));
}
