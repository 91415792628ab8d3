using System.Runtime.InteropServices;
using static DropWatch.Core.Tracing.Native.PerfConstants;

namespace DropWatch.Core.Tracing;

/// <summary>
/// The body of a PERF_RECORD_SAMPLE for the <c>sample_type</c> bits this tool uses, in the kernel's
/// fixed order (perf_event.h, "struct perf_event_sample"):
/// <code>
/// { u32 pid, tid; }          PERF_SAMPLE_TID
/// { u64 time; }              PERF_SAMPLE_TIME
/// { u32 cpu, res; }          PERF_SAMPLE_CPU
/// { u64 nr; u64 ips[nr]; }   PERF_SAMPLE_CALLCHAIN
/// { u32 size; u8 raw[size]; } PERF_SAMPLE_RAW
/// </code>
/// Every length is checked against the record; a sample that does not fit is refused, never read past.
/// </summary>
internal ref struct PerfSample
{
    public const ulong TimeAndRaw = PERF_SAMPLE_TIME | PERF_SAMPLE_RAW;

    /// <summary>Most kernel frames kept per drop (the kernel's default perf_event_max_stack is 127).</summary>
    public const int MaxFrames = 127;

    public bool HasTid;
    public int Pid;
    public int Tid;
    public ulong Time;
    public bool HasCpu;
    public int Cpu;
    /// <summary>Kernel addresses, context markers removed, innermost first; a slice of the caller's scratch.</summary>
    public ReadOnlySpan<ulong> Stack;
    public ReadOnlySpan<byte> Raw;

    /// <param name="frames">Scratch for <see cref="Stack"/>, at least <see cref="MaxFrames"/> long.</param>
    public static bool TryParse(ReadOnlySpan<byte> body, ulong sampleType, Span<ulong> frames, out PerfSample sample)
    {
        sample = default;
        int at = 0;
        if ((sampleType & PERF_SAMPLE_TID) != 0)
        {
            if (body.Length < at + 8)
                return false;
            sample.HasTid = true;
            sample.Pid = MemoryMarshal.Read<int>(body[at..]);
            sample.Tid = MemoryMarshal.Read<int>(body[(at + 4)..]);
            at += 8;
        }
        if ((sampleType & PERF_SAMPLE_TIME) != 0)
        {
            if (body.Length < at + 8)
                return false;
            sample.Time = MemoryMarshal.Read<ulong>(body[at..]);
            at += 8;
        }
        if ((sampleType & PERF_SAMPLE_CPU) != 0)
        {
            if (body.Length < at + 8)
                return false;
            sample.HasCpu = true;
            sample.Cpu = (int)MemoryMarshal.Read<uint>(body[at..]);
            at += 8;
        }
        if ((sampleType & PERF_SAMPLE_CALLCHAIN) != 0)
        {
            if (body.Length < at + 8)
                return false;
            ulong nr = MemoryMarshal.Read<ulong>(body[at..]);
            at += 8;
            if (nr > (ulong)(body.Length - at) / 8)
                return false;
            int kept = 0;
            for (int i = 0; i < (int)nr; i++)
            {
                ulong ip = MemoryMarshal.Read<ulong>(body[(at + 8 * i)..]);
                if (ip < PERF_CONTEXT_MAX && kept < frames.Length && kept < MaxFrames)
                    frames[kept++] = ip;
            }
            sample.Stack = frames[..kept];
            at += 8 * (int)nr;
        }
        if ((sampleType & PERF_SAMPLE_RAW) != 0)
        {
            if (body.Length < at + 4)
                return false;
            uint size = MemoryMarshal.Read<uint>(body[at..]);
            at += 4;
            if (size > (uint)(body.Length - at))
                return false;
            sample.Raw = body.Slice(at, (int)size);
        }
        return true;
    }
}
