using DropWatch.Core.Tracing;

namespace DropWatch.Core.Tests.Tracing.Host;

/// <summary>Keeps every drop for assertions and feeds those with one reason to an aggregator.</summary>
internal sealed class SinkPipeline(uint reason, DropAggregator aggregator) : ITracepointSink
{
    public List<TracepointDrop> All { get; } = [];

    public int WithReason { get; private set; }

    public void OnDrop(in TracepointDrop drop)
    {
        All.Add(drop);
        if (drop.Reason == reason)
        {
            WithReason++;
            aggregator.OnDrop(drop);
        }
    }
}
