namespace DropWatch.Core.Tracing.Native;

/// <summary>Bit positions in the <c>perf_event_attr</c> flag bitfield (offset 40) that this tool uses.</summary>
[Flags]
internal enum PerfAttrFlags : ulong
{
    Disabled = 1UL << 0,
    Watermark = 1UL << 14,
    /// <summary>Callchains stop at the kernel: user stacks are not ours to show and cost a page walk.</summary>
    ExcludeCallchainUser = 1UL << 22,
    UseClockId = 1UL << 25,
}
