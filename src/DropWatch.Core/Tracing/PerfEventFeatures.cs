using static DropWatch.Core.Tracing.Native.PerfConstants;

namespace DropWatch.Core.Tracing;

/// <summary>
/// Optional perf features, tried best first on the first CPU; a kernel that refuses a combination answers
/// EINVAL and the next is tried. All CPUs then use the combination that worked.
/// </summary>
/// <param name="ClockId">The <c>use_clockid</c> clock for sample times, or null for perf's default
/// <c>local_clock()</c>. CLOCK_REALTIME needs no conversion, but kernels refuse it (EINVAL) for PMUs not
/// marked NMI-safe, which includes the tracepoint PMU on current kernels; CLOCK_MONOTONIC (Linux 4.1+) is
/// always allowed and is shifted to wall-clock time. <c>local_clock()</c> only approximates CLOCK_MONOTONIC.</param>
/// <param name="LostCounter"><c>PERF_FORMAT_LOST</c> (Linux 6.0+): an exact per-event lost count readable at
/// any time; without it only PERF_RECORD_LOST records count losses.</param>
internal readonly record struct PerfEventFeatures(int? ClockId, bool LostCounter)
{
    // CLOCK_REALTIME is not tried: the kernel refuses it for the tracepoint PMU, and a refused open is
    // not cheap — perf_event_open attaches the tracepoint probe before it checks the clock, then detaches
    // it again (31 ms of the start-up measured on 6.18 went to that one EINVAL).
    public static readonly PerfEventFeatures[] BestFirst =
    [
        new(CLOCK_MONOTONIC, LostCounter: true),
        new(CLOCK_MONOTONIC, LostCounter: false),
        new(null, LostCounter: false),
    ];

    public bool NeedsRealtimeOffset => ClockId != CLOCK_REALTIME;
}
