using DropWatch.Core.Tracing;

namespace DropWatch.Core.Tests.Tracing;

public class PerfRingReaderTests
{
    private readonly byte[] _scratch = new byte[PerfRingReader.MaxRecordSize];

    [Fact]
    public void Reads_records_in_order_and_reports_the_new_tail()
    {
        var ring = new SyntheticRing(256)
            .AppendRecord(9, [1, 2, 3, 4, 5, 6, 7, 8])
            .AppendRecord(2, new byte[16], misc: 7);

        var reader = new PerfRingReader(ring.Bytes, ring.Tail, ring.Head, _scratch);

        Assert.True(reader.TryRead(out var first));
        Assert.Equal(9u, first.Type);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, first.Body.ToArray());
        Assert.True(reader.TryRead(out var second));
        Assert.Equal(2u, second.Type);
        Assert.Equal(7, second.Misc);
        Assert.Equal(16, second.Body.Length);
        Assert.False(reader.TryRead(out _));
        Assert.Equal(ring.Head, reader.Tail);
        Assert.False(reader.Corrupt);
    }

    [Fact]
    public void Empty_range_reads_nothing()
    {
        var reader = new PerfRingReader(new byte[64], 40, 40, _scratch);

        Assert.False(reader.TryRead(out _));
        Assert.Equal(40UL, reader.Tail);
    }

    [Theory]
    [InlineData(8)]   // the body starts exactly at the ring's start
    [InlineData(16)]  // the body straddles the end
    [InlineData(24)]  // only the last 8 body bytes wrap
    public void A_record_across_the_ring_end_is_returned_contiguously(int bytesBeforeEnd)
    {
        var body = Enumerable.Range(1, 24).Select(i => (byte)i).ToArray();
        // Start the free-running position several laps in, so masking (not subtraction) finds the offset.
        ulong start = 64UL * 1000 + (ulong)(64 - bytesBeforeEnd);
        var ring = new SyntheticRing(64, start).AppendRecord(9, body);

        var reader = new PerfRingReader(ring.Bytes, ring.Tail, ring.Head, _scratch);

        Assert.True(reader.TryRead(out var record));
        Assert.Equal(body, record.Body.ToArray());
        Assert.Equal(start + 32, reader.Tail);
    }

    [Fact]
    public void A_header_of_size_zero_skips_to_head_and_marks_corruption()
    {
        var ring = new SyntheticRing(64).AppendBytes(new byte[16]);

        var reader = new PerfRingReader(ring.Bytes, ring.Tail, ring.Head, _scratch);

        Assert.False(reader.TryRead(out _));
        Assert.True(reader.Corrupt);
        Assert.Equal(ring.Head, reader.Tail);
    }

    [Fact]
    public void A_record_longer_than_the_published_data_is_not_read()
    {
        var ring = new SyntheticRing(128).AppendRecord(9, new byte[32]);

        var reader = new PerfRingReader(ring.Bytes, ring.Tail, ring.Head - 8, _scratch);

        Assert.False(reader.TryRead(out _));
        Assert.True(reader.Corrupt);
    }

    [Fact]
    public void Head_more_than_a_ring_ahead_is_treated_as_corrupt()
    {
        var reader = new PerfRingReader(new byte[64], 0, 65, _scratch);

        Assert.False(reader.TryRead(out _));
        Assert.True(reader.Corrupt);
        Assert.Equal(65UL, reader.Tail);
    }

    [Fact]
    public void Ring_length_must_be_a_power_of_two()
    {
        Assert.Throws<ArgumentException>(() => new PerfRingReader(new byte[48], 0, 0, _scratch));
    }
}
