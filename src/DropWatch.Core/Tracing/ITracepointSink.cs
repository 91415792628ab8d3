namespace DropWatch.Core.Tracing;

/// <summary>Receives drops from <see cref="KfreeSkbTracepoint.Poll"/>, on the polling thread.
/// Called once per event, so an implementation should not allocate.</summary>
public interface ITracepointSink
{
    void OnDrop(in TracepointDrop drop);
}
