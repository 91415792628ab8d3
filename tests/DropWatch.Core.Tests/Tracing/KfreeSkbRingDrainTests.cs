using DropWatch.Core.Tracing;

namespace DropWatch.Core.Tests.Tracing;

public class KfreeSkbRingDrainTests
{
    private readonly byte[] _scratch = new byte[PerfRingReader.MaxRecordSize];
    private readonly TracepointFormat _format = FormatFixtures.ParsedHost618;

    [Fact]
    public void Samples_become_drops_with_fields_at_the_format_offsets()
    {
        var ring = new SyntheticRing(4096)
            .AppendSample(1_700_000_000_000_000_001, SyntheticRing.KfreeSkbRaw(_format, 0xffffffff81a2b3c4, 0x0800, 3))
            .AppendSample(1_700_000_000_000_000_002, SyntheticRing.KfreeSkbRaw(_format, 0xffffffff81000000, 0x86dd, 2));
        var sink = new RecordingSink();

        var result = Drain(ring, sink, cpu: 1);

        Assert.Equal(2, result.Delivered);
        Assert.Equal(ring.Head, result.Tail);
        Assert.Equal(
            [
                new TracepointDrop(0xffffffff81a2b3c4, 1_700_000_000_000_000_001, 0x0800, 3, 1),
                new TracepointDrop(0xffffffff81000000, 1_700_000_000_000_000_002, 0x86dd, 2, 1),
            ],
            sink.Drops);
        Assert.Equal("NO_SOCKET", _format.ReasonName(sink.Drops[0].Reason));
    }

    [Fact]
    public void Lost_records_are_summed_and_samples_around_them_still_delivered()
    {
        var raw = SyntheticRing.KfreeSkbRaw(_format, 0xffffffff81000010, 0x0800, 3);
        var ring = new SyntheticRing(4096)
            .AppendSample(10, raw)
            .AppendLost(id: 99, lost: 1234)
            .AppendSample(11, raw)
            .AppendLost(id: 99, lost: 6);
        var sink = new RecordingSink();

        var result = Drain(ring, sink);

        Assert.Equal(1240UL, result.Lost);
        Assert.Equal(2, result.Delivered);
        Assert.Equal(0, result.Malformed);
    }

    [Fact]
    public void Samples_wrapping_the_ring_end_decode_like_any_other()
    {
        var raw = SyntheticRing.KfreeSkbRaw(_format, 0xffffffff81abcdef, 0x0800, 3);
        // 64-byte records in a 256-byte ring; the first starts 24 bytes before the end and straddles it.
        var ring = new SyntheticRing(256, start: 256 * 7 + 232);
        for (int i = 0; i < 3; i++)
            ring.AppendSample((ulong)i, raw);
        var sink = new RecordingSink();

        var result = Drain(ring, sink);

        Assert.Equal(3, result.Delivered);
        Assert.All(sink.Drops, d => Assert.Equal(0xffffffff81abcdefUL, d.Location));
        Assert.Equal([0UL, 1UL, 2UL], sink.Drops.Select(d => d.TimestampNs));
    }

    [Fact]
    public void The_clock_offset_is_added_to_sample_times()
    {
        var ring = new SyntheticRing(256).AppendSample(1000, SyntheticRing.KfreeSkbRaw(_format, 1, 0x0800, 3));
        var sink = new RecordingSink();

        KfreeSkbRingDrain.Drain(ring.Bytes, ring.Tail, ring.Head, _scratch, new KfreeSkbDecoder(_format), 0, 500, sink);

        Assert.Equal(1500UL, sink.Drops[0].TimestampNs);
    }

    [Fact]
    public void Pre_reason_kernels_decode_with_reason_zero()
    {
        var old = TracepointFormat.Parse(FormatFixtures.PreReason);
        var ring = new SyntheticRing(256).AppendSample(5, SyntheticRing.KfreeSkbRaw(old, 0xffffffff81000001, 0x0806, 0));
        var sink = new RecordingSink();

        KfreeSkbRingDrain.Drain(ring.Bytes, ring.Tail, ring.Head, _scratch, new KfreeSkbDecoder(old), 0, 0, sink);

        Assert.Equal(new TracepointDrop(0xffffffff81000001, 5, 0x0806, 0, 0), Assert.Single(sink.Drops));
    }

    [Fact]
    public void Short_samples_and_unknown_records_are_counted_or_skipped_not_thrown()
    {
        var ring = new SyntheticRing(512)
            .AppendSample(1, new byte[12])                   // raw shorter than the reason field's end
            .AppendRecord(SyntheticRing.Sample, new byte[8])  // no room for raw_size
            .AppendRecord(3, new byte[24])                    // PERF_RECORD_COMM: not requested, skipped
            .AppendRecord(SyntheticRing.Lost, new byte[8])    // LOST without its count
            .AppendSample(2, SyntheticRing.KfreeSkbRaw(_format, 7, 0x0800, 3));
        var sink = new RecordingSink();

        var result = Drain(ring, sink);

        Assert.Equal(1, result.Delivered);
        Assert.Equal(3, result.Malformed);
        Assert.Equal(ring.Head, result.Tail);
    }

    [Fact]
    public void Random_ring_bytes_never_crash_the_drain()
    {
        var random = new Random(42);
        var sink = new RecordingSink();
        for (int i = 0; i < 5000; i++)
        {
            var ring = new byte[256];
            random.NextBytes(ring);
            ulong tail = (ulong)random.Next(1000);
            ulong head = tail + (ulong)random.Next(300);
            var result = KfreeSkbRingDrain.Drain(ring, tail, head, _scratch, new KfreeSkbDecoder(_format), 0, 0, sink);
            Assert.Equal(head, result.Tail); // whatever happens, the range is consumed
        }
    }

    private KfreeSkbRingDrain.Result Drain(SyntheticRing ring, ITracepointSink sink, int cpu = 0) =>
        KfreeSkbRingDrain.Drain(ring.Bytes, ring.Tail, ring.Head, _scratch, new KfreeSkbDecoder(_format), cpu, 0, sink);
}
