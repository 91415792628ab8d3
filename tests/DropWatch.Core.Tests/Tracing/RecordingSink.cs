using DropWatch.Core.Tracing;

namespace DropWatch.Core.Tests.Tracing;

internal sealed class RecordingSink : ITracepointSink
{
    public List<TracepointDrop> Drops { get; } = [];

    public void OnDrop(in TracepointDrop drop) => Drops.Add(drop);
}
