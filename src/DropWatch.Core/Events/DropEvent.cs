namespace DropWatch.Core.Events;

/// <summary>
/// One drop, as every source reports it and every sink consumes it: the tool's own model, not any
/// source's wire format. Summary kinds carry a <see cref="Count"/>; a packet is one drop with the
/// details the source knows. Every optional field has a Has flag (or is empty), so nothing is shown
/// that the source did not give. Spans point into the source's buffers and are valid only during
/// the call that delivers the event.
/// </summary>
public ref struct DropEvent
{
    public DropKind Kind;

    /// <summary>Whether the source said where the drop came from (NET_DM packet alerts may omit it).</summary>
    public bool HasOrigin;
    public DropOrigin Origin;

    /// <summary>The kernel address that freed the packet (software drops).</summary>
    public bool HasPc;
    public ulong Pc;

    /// <summary>The kernel's own text for <see cref="Pc"/> (NET_DM packet alerts: <c>func+0xoff/0xsize</c>), when it sent one.</summary>
    public bool HasKernelSymbol;
    public ReadOnlySpan<byte> KernelSymbol;

    /// <summary>Drops this event stands for: the summary count, 1 for a packet.</summary>
    public uint Count;

    /// <summary>The drop reason's name (e.g. <c>NO_SOCKET</c>), from the running kernel's own names.</summary>
    public bool HasReason;
    public ReadOnlySpan<byte> Reason;

    /// <summary>When the drop happened (packets) or the interval closed (summaries): ns since the Unix epoch, UTC.</summary>
    public bool HasTimestamp;
    public ulong TimestampNs;

    /// <summary>The CPU that saw the drop; -1 when the source cannot say.</summary>
    public int Cpu;

    public bool HasIfIndex;
    public uint IfIndex;

    public bool HasPortName;
    public ReadOnlySpan<byte> PortName;

    /// <summary>L3 protocol (ethertype, host order), e.g. 0x0800.</summary>
    public bool HasProtocol;
    public ushort Protocol;

    /// <summary>The packet's length before the source truncated it.</summary>
    public bool HasOriginalLength;
    public uint OriginalLength;

    /// <summary>The packet's bytes as captured (possibly truncated).</summary>
    public bool HasPayload;
    public ReadOnlySpan<byte> Payload;

    /// <summary>Hardware drops: the devlink trap group and trap.</summary>
    public bool HasTrapGroup;
    public ReadOnlySpan<byte> TrapGroup;
    public bool HasTrapName;
    public ReadOnlySpan<byte> TrapName;

    /// <summary>Hardware drops: the flow action cookie a rule attached.</summary>
    public bool HasCookie;
    public ReadOnlySpan<byte> Cookie;

    /// <summary>Tracepoint source: the task running when the packet was freed (PERF_SAMPLE_TID).
    /// Softirq drops show whichever task the interrupt happened to land on (often pid 0, the idle task).</summary>
    public bool HasProcess;
    public int Pid;
    public int Tid;

    /// <summary>That task's command name (<c>/proc/PID/comm</c>); empty when it could not be read (the task had gone).</summary>
    public ReadOnlySpan<byte> Comm;

    /// <summary>Tracepoint source with <c>--stack</c>: kernel return addresses, innermost first (PERF_SAMPLE_CALLCHAIN).</summary>
    public bool HasStack;
    public ReadOnlySpan<ulong> Stack;

    public DropEvent(DropKind kind)
    {
        this = default;
        Kind = kind;
        Cpu = -1;
        Count = 1;
    }
}
