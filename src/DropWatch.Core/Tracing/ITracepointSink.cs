namespace DropWatch.Core.Tracing;

/// <summary>Receives drops from <see cref="KfreeSkbTracepoint.Poll"/>, on the polling thread.
/// Called once per event, so an implementation should not allocate.</summary>
public interface ITracepointSink
{
    void OnDrop(in TracepointDrop drop);

    /// <summary>A drop with its kernel stack (innermost first; empty unless the event samples callchains).</summary>
    void OnDrop(in TracepointDrop drop, ReadOnlySpan<ulong> stack) => OnDrop(drop);
}
