using System.Runtime.InteropServices;
using static DropWatch.Core.Tracing.Native.PerfConstants;

namespace DropWatch.Core.Tracing;

/// <summary>
/// The bodies of the side-band records the events ask for with <c>comm</c>, <c>comm_exec</c>,
/// <c>task</c> and <c>sample_id_all</c> (perf_event.h, enum perf_event_type):
/// <code>
/// PERF_RECORD_COMM: { u32 pid, tid; char comm[]; struct sample_id; }   comm NUL-padded to a multiple of 8
/// PERF_RECORD_FORK: { u32 pid, ppid; u32 tid, ptid; u64 time; struct sample_id; }
/// struct sample_id: { u32 pid, tid; } TID  { u64 time; } TIME  { u64 id; } ID  { u64 stream_id; } STREAM_ID
///                   { u32 cpu, res; } CPU  { u64 id; } IDENTIFIER   — for the event's sample_type bits
/// </code>
/// Every length is checked against the record; a record that does not fit is refused.
/// </summary>
internal static class PerfSideBand
{
    private const ulong PERF_SAMPLE_ID = 1UL << 6, PERF_SAMPLE_STREAM_ID = 1UL << 9, PERF_SAMPLE_IDENTIFIER = 1UL << 16;

    /// <summary>The kernel's TASK_COMM_LEN is 16; longer is kept to this many bytes so a bad record cannot grow the table.</summary>
    public const int MaxNameLength = 64;

    /// <summary>Bytes of <c>struct sample_id</c> at the end of every side-band record for <paramref name="sampleType"/>.</summary>
    public static int SampleIdSize(ulong sampleType)
    {
        int size = 0;
        foreach (ulong bit in (ReadOnlySpan<ulong>)[PERF_SAMPLE_TID, PERF_SAMPLE_TIME, PERF_SAMPLE_ID, PERF_SAMPLE_STREAM_ID, PERF_SAMPLE_CPU, PERF_SAMPLE_IDENTIFIER])
        {
            if ((sampleType & bit) != 0)
                size += 8;
        }
        return size;
    }

    /// <summary>A COMM record: who, the new name (up to its NUL), and the time from its sample_id (0 without PERF_SAMPLE_TIME).</summary>
    public static bool TryParseComm(ReadOnlySpan<byte> body, ulong sampleType, out int pid, out int tid,
        out ReadOnlySpan<byte> name, out ulong time)
    {
        pid = tid = 0;
        name = default;
        time = 0;
        int idSize = SampleIdSize(sampleType);
        if (body.Length < 8 + idSize)
            return false;
        pid = MemoryMarshal.Read<int>(body);
        tid = MemoryMarshal.Read<int>(body[4..]);
        ReadOnlySpan<byte> comm = body[8..^idSize];
        int end = comm.IndexOf((byte)0);
        name = comm[..Math.Min(end < 0 ? comm.Length : end, MaxNameLength)];
        if ((sampleType & PERF_SAMPLE_TIME) != 0)
            time = MemoryMarshal.Read<ulong>(body[(body.Length - idSize + ((sampleType & PERF_SAMPLE_TID) != 0 ? 8 : 0))..]);
        return true;
    }

    /// <summary>A FORK record: the new task, its parent, and the record's own time.</summary>
    public static bool TryParseFork(ReadOnlySpan<byte> body, ulong sampleType, out int pid, out int parentPid,
        out int tid, out ulong time)
    {
        pid = parentPid = tid = 0;
        time = 0;
        if (body.Length < 24 + SampleIdSize(sampleType))
            return false;
        pid = MemoryMarshal.Read<int>(body);
        parentPid = MemoryMarshal.Read<int>(body[4..]);
        tid = MemoryMarshal.Read<int>(body[8..]);
        time = MemoryMarshal.Read<ulong>(body[16..]);
        return true;
    }
}
