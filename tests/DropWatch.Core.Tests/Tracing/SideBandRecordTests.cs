using System.Buffers.Binary;
using DropWatch.Core.Tracing;
using static DropWatch.Core.Tracing.Native.PerfConstants;

namespace DropWatch.Core.Tests.Tracing;

/// <summary>
/// PERF_RECORD_COMM and PERF_RECORD_FORK as the kernel writes them into a ring (perf_event.h, with
/// sample_id_all and the source's sample_type), interleaved with drops: they name the drops'
/// processes as at the time of the drop, ahead of /proc.
/// </summary>
public class SideBandRecordTests
{
    private const ulong WhoAndHow = PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_CPU | PERF_SAMPLE_RAW;
    private readonly byte[] _scratch = new byte[PerfRingReader.MaxRecordSize];
    private readonly TracepointFormat _format = FormatFixtures.ParsedHost618;

    /// <summary>
    /// A COMM record from an exec of "short-lived" by pid 4242, as on x86_64 with TID|TIME|CPU|RAW:
    /// 8 header, 8 pid/tid, 16 comm (12 bytes with its NUL, padded to 8), 24 sample_id = 56 bytes.
    /// </summary>
    private static readonly byte[] GoldenComm =
    [
        0x03, 0x00, 0x00, 0x00,  0x00, 0x20,  0x38, 0x00,           // type 3 COMM, misc COMM_EXEC (1<<13), size 56
        0x92, 0x10, 0x00, 0x00,  0x92, 0x10, 0x00, 0x00,            // pid 4242, tid 4242
        (byte)'s', (byte)'h', (byte)'o', (byte)'r', (byte)'t', (byte)'-', (byte)'l', (byte)'i',
        (byte)'v', (byte)'e', (byte)'d', 0x00, 0x00, 0x00, 0x00, 0x00, // comm "short-lived\0" padded to 16
        0x92, 0x10, 0x00, 0x00,  0x92, 0x10, 0x00, 0x00,            // sample_id: pid, tid
        0xe8, 0x03, 0x00, 0x00,  0x00, 0x00, 0x00, 0x00,            // sample_id: time 1000
        0x01, 0x00, 0x00, 0x00,  0x00, 0x00, 0x00, 0x00,            // sample_id: cpu 1, res
    ];

    /// <summary>A FORK record: pid 5000 (tid 5000) forked from 4242 (tid 4243) at time 900, then its sample_id.</summary>
    private static readonly byte[] GoldenFork =
    [
        0x07, 0x00, 0x00, 0x00,  0x00, 0x00,  0x38, 0x00,           // type 7 FORK, misc 0, size 56
        0x88, 0x13, 0x00, 0x00,  0x92, 0x10, 0x00, 0x00,            // pid 5000, ppid 4242
        0x88, 0x13, 0x00, 0x00,  0x93, 0x10, 0x00, 0x00,            // tid 5000, ptid 4243
        0x84, 0x03, 0x00, 0x00,  0x00, 0x00, 0x00, 0x00,            // time 900
        0x88, 0x13, 0x00, 0x00,  0x88, 0x13, 0x00, 0x00,            // sample_id: pid, tid
        0x84, 0x03, 0x00, 0x00,  0x00, 0x00, 0x00, 0x00,            // sample_id: time 900
        0x00, 0x00, 0x00, 0x00,  0x00, 0x00, 0x00, 0x00,            // sample_id: cpu 0, res
    ];

    private sealed class NameLog : ITaskNameSink
    {
        public List<(int Pid, string Name, ulong Since)> Names { get; } = [];
        public List<(int Pid, int Parent, ulong At)> Forks { get; } = [];
        public void OnName(int pid, ReadOnlySpan<byte> name, ulong sinceNs) => Names.Add((pid, System.Text.Encoding.ASCII.GetString(name), sinceNs));
        public void OnFork(int pid, int parentPid, ulong atNs) => Forks.Add((pid, parentPid, atNs));
    }

    private sealed class Names(ProcessNames names) : ITaskNameSink
    {
        public void OnName(int pid, ReadOnlySpan<byte> name, ulong sinceNs) => names.Learn(pid, name, sinceNs);
        public void OnFork(int pid, int parentPid, ulong atNs) => names.Inherit(pid, parentPid, atNs);
    }

    private static byte[] SampleBody(int pid, ulong time, byte[] raw)
    {
        var b = new List<byte>();
        void U32(uint v) { var x = new byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(x, v); b.AddRange(x); }
        U32((uint)pid); U32((uint)pid);
        var t = new byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(t, time); b.AddRange(t);
        U32(0); U32(0);
        U32((uint)raw.Length);
        b.AddRange(raw);
        while ((b.Count + 8) % 8 != 0) b.Add(0);
        return [.. b];
    }

    private static byte[] Comm(int pid, int tid, string name, ulong time)
    {
        int commSize = (name.Length + 1 + 7) / 8 * 8;
        var body = new byte[8 + commSize + 24];
        BinaryPrimitives.WriteInt32LittleEndian(body, pid);
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(4), tid);
        System.Text.Encoding.ASCII.GetBytes(name).CopyTo(body, 8);
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(8 + commSize), pid);
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(8 + commSize + 4), tid);
        BinaryPrimitives.WriteUInt64LittleEndian(body.AsSpan(8 + commSize + 8), time);
        return body;
    }

    [Fact]
    public void The_golden_comm_record_names_its_process_from_its_time_on()
    {
        var ring = new SyntheticRing(256).AppendBytes(GoldenComm);
        var log = new NameLog();

        int malformed = KfreeSkbRingDrain.LearnNames(ring.Bytes, ring.Tail, ring.Head, _scratch, WhoAndHow, clockOffsetNs: 5, log);

        Assert.Equal(0, malformed);
        Assert.Equal([(4242, "short-lived", 1005UL)], log.Names); // the drops' clock: time + offset
        Assert.Empty(log.Forks);
    }

    [Fact]
    public void The_golden_fork_record_says_the_child_starts_as_its_parent()
    {
        var ring = new SyntheticRing(256).AppendBytes(GoldenFork);
        var log = new NameLog();

        Assert.Equal(0, KfreeSkbRingDrain.LearnNames(ring.Bytes, ring.Tail, ring.Head, _scratch, WhoAndHow, 0, log));
        Assert.Equal([(5000, 4242, 900UL)], log.Forks);
    }

    [Fact]
    public void A_threads_rename_and_a_new_thread_are_not_the_process()
    {
        var fork = new byte[24 + 24];
        BinaryPrimitives.WriteInt32LittleEndian(fork, 4242);          // pid: same process
        BinaryPrimitives.WriteInt32LittleEndian(fork.AsSpan(4), 4242); // ppid
        BinaryPrimitives.WriteInt32LittleEndian(fork.AsSpan(8), 4250); // tid: a new thread
        var ring = new SyntheticRing(512)
            .AppendRecord(PERF_RECORD_COMM, Comm(4242, 4250, "worker-3", 10)) // prctl(PR_SET_NAME) in a thread
            .AppendRecord(PERF_RECORD_FORK, fork);
        var log = new NameLog();

        Assert.Equal(0, KfreeSkbRingDrain.LearnNames(ring.Bytes, ring.Tail, ring.Head, _scratch, WhoAndHow, 0, log));
        Assert.Empty(log.Names);
        Assert.Empty(log.Forks);
    }

    [Fact]
    public void Every_truncation_of_a_side_band_record_is_refused_and_nothing_is_read_past_it()
    {
        for (int cut = 8; cut < GoldenComm.Length; cut += 8)
        {
            byte[] record = GoldenComm[..cut];
            BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(6), (ushort)cut);
            var ring = new SyntheticRing(256).AppendBytes(record);
            var log = new NameLog();
            int malformed = KfreeSkbRingDrain.LearnNames(ring.Bytes, ring.Tail, ring.Head, _scratch, WhoAndHow, 0, log);
            // 8 pid/tid + 24 sample_id is the least a COMM can be (an empty name); shorter is refused.
            Assert.Equal(cut - 8 < 32 ? 1 : 0, malformed);
        }
        for (int cut = 8; cut < GoldenFork.Length; cut += 8)
        {
            byte[] record = GoldenFork[..cut];
            BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(6), (ushort)cut);
            var ring = new SyntheticRing(256).AppendBytes(record);
            var log = new NameLog();
            Assert.Equal(1, KfreeSkbRingDrain.LearnNames(ring.Bytes, ring.Tail, ring.Head, _scratch, WhoAndHow, 0, log));
            Assert.Empty(log.Forks);
        }
    }

    [Fact]
    public void The_drain_steps_over_side_band_records_between_samples()
    {
        byte[] raw = SyntheticRing.KfreeSkbRaw(_format, 0xffffffff81000010, 0x0800, 3);
        var ring = new SyntheticRing(1024)
            .AppendRecord(SyntheticRing.Sample, SampleBody(4242, 950, raw))
            .AppendBytes(GoldenComm)
            .AppendBytes(GoldenFork)
            .AppendRecord(SyntheticRing.Sample, SampleBody(4242, 1100, raw));
        var sink = new RecordingSink();

        var result = KfreeSkbRingDrain.Drain(ring.Bytes, ring.Tail, ring.Head, _scratch, new KfreeSkbDecoder(_format, WhoAndHow), 1, 0, sink);

        Assert.Equal((2, 0, ring.Head), (result.Delivered, result.Malformed, result.Tail));
    }

    /// <summary>
    /// The case the records are for: a process that existed under one name (its parent's, from /proc),
    /// forked, exec'd "short-lived", dropped a packet and exited before anyone read /proc. The drop
    /// before the exec keeps the old name; the one after has the new; /proc is only the fallback.
    /// </summary>
    [Fact]
    public void A_drop_is_named_as_its_process_was_called_at_its_time()
    {
        string root = Directory.CreateTempSubdirectory("procnames").FullName;
        Directory.CreateDirectory(Path.Combine(root, "4242"));
        File.WriteAllText(Path.Combine(root, "4242", "comm"), "sh\n");        // the parent, alive
        Directory.CreateDirectory(Path.Combine(root, "4243"));
        File.WriteAllText(Path.Combine(root, "4243", "comm"), "stale-proc\n"); // overruled by its COMM record
        try
        {
            byte[] raw = SyntheticRing.KfreeSkbRaw(_format, 0xffffffff81000010, 0x0800, 3);
            var names = new ProcessNames(root);
            // Two rings: the exec and the fork were seen on CPU 1, the drops on CPU 0.
            var cpu0 = new SyntheticRing(1024)
                .AppendRecord(SyntheticRing.Sample, SampleBody(5000, 950, raw))  // after the fork, before the exec
                .AppendRecord(SyntheticRing.Sample, SampleBody(5000, 1100, raw)) // after the exec
                .AppendRecord(SyntheticRing.Sample, SampleBody(4243, 1200, raw))
                .AppendRecord(SyntheticRing.Sample, SampleBody(4242, 1300, raw));
            var cpu1 = new SyntheticRing(1024)
                .AppendBytes(GoldenFork)
                .AppendRecord(PERF_RECORD_COMM, Comm(5000, 5000, "short-lived", 1000))
                .AppendRecord(PERF_RECORD_COMM, Comm(4243, 4243, "renamed", 10));
            var learner = new Names(names);
            var decoder = new KfreeSkbDecoder(_format, WhoAndHow);
            foreach (SyntheticRing ring in new[] { cpu0, cpu1 }) // names from every ring first
                Assert.Equal(0, KfreeSkbRingDrain.LearnNames(ring.Bytes, ring.Tail, ring.Head, _scratch, WhoAndHow, 0, learner));
            var sink = new RecordingSink();
            KfreeSkbRingDrain.Drain(cpu0.Bytes, cpu0.Tail, cpu0.Head, _scratch, decoder, 0, 0, sink);

            string[] named = [.. sink.Drops.Select(d => System.Text.Encoding.ASCII.GetString(names.Get(d.Pid, d.Cpu, d.TimestampNs)))];
            Assert.Equal(["sh", "short-lived", "renamed", "sh"], named);
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Fact]
    public void A_fork_drained_after_the_childs_exec_does_not_undo_the_exec()
    {
        var names = new ProcessNames("/nonexistent");
        names.Learn(5000, "short-lived"u8, 1000);
        names.Inherit(5000, 4242, 900);
        Assert.Equal("short-lived"u8.ToArray(), names.Get(5000, 0, 1100).ToArray());
    }

    /// <summary>Found by the fuzzer: rings are read one after another, so an older COMM can come after a newer one.</summary>
    [Fact]
    public void An_older_comm_learnt_later_is_the_name_before_not_the_name_now()
    {
        var names = new ProcessNames("/nonexistent");
        names.Learn(7, "new"u8, 2000);
        names.Learn(7, "old"u8, 1000);
        Assert.Equal("old"u8.ToArray(), names.Get(7, 0, 1500).ToArray());
        Assert.Equal("new"u8.ToArray(), names.Get(7, 0, 2500).ToArray());
        names.Learn(7, "new"u8, 1200); // a repeat of the current name, older: the name before it now
        Assert.Equal("new"u8.ToArray(), names.Get(7, 0, 1200).ToArray());
    }

    private sealed class NamingSink(ProcessNames names) : ITracepointSink
    {
        public int Named;
        public void OnDrop(in TracepointDrop drop) => Named += names.Get(drop.Pid, drop.Cpu, drop.TimestampNs).Length;
    }

    /// <summary>The per-drop path with the side-band pass in front of it: a name, once known, costs no allocation per drop.</summary>
    [Fact]
    public void Naming_drops_with_the_side_band_pass_allocates_nothing_per_drop()
    {
        byte[] raw = SyntheticRing.KfreeSkbRaw(_format, 0xffffffff81000010, 0x0800, 3);
        var ring = new SyntheticRing(1 << 16).AppendRecord(PERF_RECORD_COMM, Comm(4242, 4242, "blaster", 1));
        for (int i = 0; i < 500; i++)
            ring.AppendRecord(SyntheticRing.Sample, SampleBody(4242, 10 + (ulong)i, raw));
        var names = new ProcessNames("/nonexistent");
        var learner = new Names(names);
        var sink = new NamingSink(names);
        var decoder = new KfreeSkbDecoder(_format, WhoAndHow);
        KfreeSkbRingDrain.LearnNames(ring.Bytes, ring.Tail, ring.Head, _scratch, WhoAndHow, 0, learner); // warm-up, and the one name
        KfreeSkbRingDrain.Drain(ring.Bytes, ring.Tail, ring.Head, _scratch, decoder, 0, 0, sink);

        var samplesOnly = new SyntheticRing(1 << 16);
        for (int i = 0; i < 500; i++)
            samplesOnly.AppendRecord(SyntheticRing.Sample, SampleBody(4242, 1000 + (ulong)i, raw));
        sink.Named = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        KfreeSkbRingDrain.LearnNames(samplesOnly.Bytes, samplesOnly.Tail, samplesOnly.Head, _scratch, WhoAndHow, 0, learner);
        KfreeSkbRingDrain.Drain(samplesOnly.Bytes, samplesOnly.Tail, samplesOnly.Head, _scratch, decoder, 0, 0, sink);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(500 * "blaster".Length, sink.Named);
        Assert.Equal(0, allocated);
    }
}
