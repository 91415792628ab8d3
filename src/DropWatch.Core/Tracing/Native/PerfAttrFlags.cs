namespace DropWatch.Core.Tracing.Native;

/// <summary>Bit positions in the <c>perf_event_attr</c> flag bitfield (offset 40) that this tool uses.</summary>
[Flags]
internal enum PerfAttrFlags : ulong
{
    Disabled = 1UL << 0,
    /// <summary>PERF_RECORD_COMM whenever a task's name changes (exec, prctl): the name at the time.</summary>
    Comm = 1UL << 9,
    /// <summary>PERF_RECORD_FORK (and EXIT): a child process starts with its parent's name.</summary>
    Task = 1UL << 13,
    Watermark = 1UL << 14,
    /// <summary>Side-band records end with the sample's TID/TIME/CPU fields (struct sample_id): their time.</summary>
    SampleIdAll = 1UL << 18,
    /// <summary>Callchains stop at the kernel: user stacks are not ours to show and cost a page walk.</summary>
    ExcludeCallchainUser = 1UL << 22,
    /// <summary>Marks a COMM record caused by exec (PERF_RECORD_MISC_COMM_EXEC).</summary>
    CommExec = 1UL << 24,
    UseClockId = 1UL << 25,
}
