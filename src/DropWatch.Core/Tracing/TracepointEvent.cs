namespace DropWatch.Core.Tracing;

/// <summary>What tracefs says about <c>skb:kfree_skb</c>: where it was read, the event's id and its record format.</summary>
public sealed record TracepointEvent(string TracefsRoot, int Id, TracepointFormat Format);
