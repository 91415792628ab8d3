namespace DropWatch.Core.Tracing;

/// <summary>One packet freed through <c>kfree_skb</c> as seen by the <c>skb:kfree_skb</c> tracepoint.</summary>
/// <param name="Location">Kernel address of the caller that dropped the packet (the tracepoint's <c>location</c>).</param>
/// <param name="TimestampNs">Wall-clock time of the drop, nanoseconds since the Unix epoch (CLOCK_REALTIME).</param>
/// <param name="Protocol">L3 protocol in host order (<c>ntohs(skb->protocol)</c>), e.g. 0x0800 for IPv4.</param>
/// <param name="Reason">Raw <c>enum skb_drop_reason</c> value; 0 on kernels without a reason field.
/// Its numbering is not ABI: turn it into a name with <see cref="TracepointFormat.ReasonName"/>.</param>
/// <param name="Cpu">The CPU whose ring buffer delivered the event.</param>
public readonly record struct TracepointDrop(ulong Location, ulong TimestampNs, ushort Protocol, uint Reason, int Cpu)
{
    /// <summary>The process (thread group) and thread running when the packet was freed (PERF_SAMPLE_TID); -1 when not sampled.</summary>
    public int Pid { get; init; } = -1;
    public int Tid { get; init; } = -1;
}
