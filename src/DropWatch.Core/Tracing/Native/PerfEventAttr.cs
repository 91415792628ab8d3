using System.Runtime.InteropServices;

namespace DropWatch.Core.Tracing.Native;

/// <summary>
/// <c>struct perf_event_attr</c> from <c>include/uapi/linux/perf_event.h</c>, x86_64/arm64 layout,
/// up to <c>sig_data</c> (PERF_ATTR_SIZE_VER7 = 128 bytes). The kernel accepts a larger struct than it
/// knows as long as the unknown tail is zero, so 128 also works on kernels older than 5.13.
/// Only the fields this tool sets are named; the rest stay zero.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal struct PerfEventAttr
{
    public const int Size = 128;

    [FieldOffset(0)] public uint Type;
    [FieldOffset(4)] public uint AttrSize;
    [FieldOffset(8)] public ulong Config;
    [FieldOffset(16)] public ulong SamplePeriod;
    [FieldOffset(24)] public ulong SampleType;
    [FieldOffset(32)] public ulong ReadFormat;
    [FieldOffset(40)] public ulong Flags;
    /// <summary>A union: an event count, or a byte count when <see cref="PerfAttrFlags.Watermark"/> is set.</summary>
    [FieldOffset(48)] public uint WakeupEventsOrWatermark;
    [FieldOffset(92)] public int ClockId;
}
