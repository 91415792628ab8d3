using System.Buffers.Binary;
using DropWatch.Core.Tracing;
using static DropWatch.Core.Tracing.Native.PerfConstants;

namespace DropWatch.Core.Tests.Tracing;

/// <summary>Samples with TID, CPU and callchain, as the kernel lays them out, through the ring drain.</summary>
public class PerfSampleTests
{
    private const ulong WhoAndHow = PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_CPU | PERF_SAMPLE_RAW;
    private const ulong KernelContext = unchecked((ulong)-128); // PERF_CONTEXT_KERNEL
    private readonly byte[] _scratch = new byte[PerfRingReader.MaxRecordSize];
    private readonly TracepointFormat _format = FormatFixtures.ParsedHost618;

    /// <summary>{ pid, tid } { time } { cpu, res } [{ nr, ips }] { size, raw } — padded to 8 as the kernel does.</summary>
    private static byte[] Body(int pid, int tid, ulong time, uint cpu, ulong[]? callchain, byte[] raw)
    {
        var b = new List<byte>();
        void U32(uint v) { var x = new byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(x, v); b.AddRange(x); }
        void U64(ulong v) { var x = new byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(x, v); b.AddRange(x); }
        U32((uint)pid); U32((uint)tid);
        U64(time);
        U32(cpu); U32(0);
        if (callchain is not null)
        {
            U64((ulong)callchain.Length);
            foreach (ulong ip in callchain) U64(ip);
        }
        U32((uint)raw.Length);
        b.AddRange(raw);
        while ((b.Count + 8) % 8 != 0) b.Add(0);
        return [.. b];
    }

    private KfreeSkbRingDrain.Result Drain(SyntheticRing ring, ulong sampleType, ITracepointSink sink) =>
        KfreeSkbRingDrain.Drain(ring.Bytes, ring.Tail, ring.Head, _scratch, new KfreeSkbDecoder(_format, sampleType), 3, 0, sink);

    private sealed class StackSink : ITracepointSink
    {
        public List<(TracepointDrop Drop, ulong[] Stack)> Drops { get; } = [];
        public void OnDrop(in TracepointDrop drop) => throw new InvalidOperationException("the drain must hand over the stack form");
        public void OnDrop(in TracepointDrop drop, ReadOnlySpan<ulong> stack) => Drops.Add((drop, stack.ToArray()));
    }

    [Fact]
    public void Pid_tid_and_cpu_come_from_the_sample()
    {
        byte[] raw = SyntheticRing.KfreeSkbRaw(_format, 0xffffffff81a2b3c4, 0x0800, 3);
        var ring = new SyntheticRing(4096).AppendRecord(SyntheticRing.Sample, Body(4242, 4243, 77, 1, null, raw));
        var sink = new StackSink();

        var result = Drain(ring, WhoAndHow, sink);

        Assert.Equal(1, result.Delivered);
        var (drop, stack) = Assert.Single(sink.Drops);
        Assert.Equal(new TracepointDrop(0xffffffff81a2b3c4, 77, 0x0800, 3, 1) { Pid = 4242, Tid = 4243 }, drop);
        Assert.Empty(stack);
    }

    [Fact]
    public void The_callchain_is_kept_without_its_context_markers()
    {
        byte[] raw = SyntheticRing.KfreeSkbRaw(_format, 0xffffffff81000001, 0x86dd, 2);
        ulong[] chain = [KernelContext, 0xffffffff81000100, 0xffffffff81000200, 0xffffffff81000300];
        var ring = new SyntheticRing(4096).AppendRecord(SyntheticRing.Sample, Body(0, 0, 5, 0, chain, raw));
        var sink = new StackSink();

        Drain(ring, WhoAndHow | PERF_SAMPLE_CALLCHAIN, sink);

        var (drop, stack) = Assert.Single(sink.Drops);
        Assert.Equal([0xffffffff81000100UL, 0xffffffff81000200UL, 0xffffffff81000300UL], stack);
        Assert.Equal((0, 0, 0), (drop.Pid, drop.Tid, drop.Cpu));
        Assert.Equal(0xffffffff81000001UL, drop.Location);
    }

    [Fact]
    public void A_callchain_longer_than_the_record_is_malformed_not_read_past()
    {
        byte[] raw = SyntheticRing.KfreeSkbRaw(_format, 1, 0x0800, 3);
        byte[] body = Body(1, 1, 5, 0, [0xffffffff81000100], raw);
        BinaryPrimitives.WriteUInt64LittleEndian(body.AsSpan(24), 1_000_000); // nr
        var ring = new SyntheticRing(4096).AppendRecord(SyntheticRing.Sample, body);
        var sink = new StackSink();

        var result = Drain(ring, WhoAndHow | PERF_SAMPLE_CALLCHAIN, sink);

        Assert.Equal((0, 1), (result.Delivered, result.Malformed));
    }

    [Fact]
    public void Every_truncation_of_a_sample_is_refused()
    {
        byte[] raw = SyntheticRing.KfreeSkbRaw(_format, 1, 0x0800, 3);
        byte[] body = Body(1, 2, 5, 0, [KernelContext, 0xffffffff81000100], raw);
        int needed = 8 + 8 + 8 + 8 + 16 + 4 + raw.Length;
        Span<ulong> frames = stackalloc ulong[PerfSample.MaxFrames];
        for (int n = 0; n < needed; n++)
            Assert.False(PerfSample.TryParse(body.AsSpan(0, n), WhoAndHow | PERF_SAMPLE_CALLCHAIN, frames, out _), $"{n} bytes");
        Assert.True(PerfSample.TryParse(body.AsSpan(0, needed), WhoAndHow | PERF_SAMPLE_CALLCHAIN, frames, out PerfSample whole));
        Assert.Equal((1, 2, 1), (whole.Pid, whole.Tid, whole.Stack.Length));
    }

    [Fact]
    public void The_default_layout_is_still_time_and_raw()
    {
        var ring = new SyntheticRing(256).AppendSample(1000, SyntheticRing.KfreeSkbRaw(_format, 1, 0x0800, 3));
        var sink = new StackSink();
        KfreeSkbRingDrain.Drain(ring.Bytes, ring.Tail, ring.Head, _scratch, new KfreeSkbDecoder(_format), 3, 0, sink);
        var (drop, _) = Assert.Single(sink.Drops);
        Assert.Equal((-1, 3, 1000UL), (drop.Pid, drop.Cpu, drop.TimestampNs));
    }

    [Fact]
    public void Process_names_are_read_once_and_unknown_ones_stay_empty()
    {
        string root = Directory.CreateTempSubdirectory("procnames").FullName;
        Directory.CreateDirectory(Path.Combine(root, "42"));
        File.WriteAllText(Path.Combine(root, "42", "comm"), "blaster\n");
        var names = new ProcessNames(root, capacity: 2);

        Assert.Equal("blaster"u8.ToArray(), names.Get(42, 0).ToArray());
        File.WriteAllText(Path.Combine(root, "42", "comm"), "renamed\n");
        Assert.Equal("blaster"u8.ToArray(), names.Get(42, 0).ToArray()); // cached
        Assert.True(names.Get(43, 0).IsEmpty);
        Assert.Equal("swapper/1"u8.ToArray(), names.Get(0, 1).ToArray());
        names.Get(44, 0); // the table was full: started over
        Assert.Equal("renamed"u8.ToArray(), names.Get(42, 0).ToArray());
        Directory.Delete(root, true);
    }
}
