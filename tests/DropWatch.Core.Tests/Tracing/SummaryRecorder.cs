using DropWatch.Core.Events;
using DropWatch.Core.Tracing;

namespace DropWatch.Core.Tests.Tracing;

internal sealed class SummaryRecorder : IDropSummarySink
{
    public List<(SoftwareDrop[] Drops, ulong Start, ulong End)> Windows { get; } = [];

    public void OnWindow(ReadOnlySpan<SoftwareDrop> drops, ulong windowStartNs, ulong windowEndNs) =>
        Windows.Add((drops.ToArray(), windowStartNs, windowEndNs));
}
