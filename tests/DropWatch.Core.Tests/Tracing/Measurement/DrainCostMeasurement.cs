using DropWatch.Core.Events;
using DropWatch.Core.Tracing;
using Xunit.Abstractions;

namespace DropWatch.Core.Tests.Tracing.Measurement;

/// <summary>
/// The consumer's cost per event without a kernel in the way: a full 4 MiB ring of synthetic kfree_skb
/// samples decoded and aggregated over and over. Bounds the drop rate one core could keep up with.
/// </summary>
public class DrainCostMeasurement(ITestOutputHelper output)
{
    [MeasurementFact]
    public void Decode_and_aggregate_a_full_ring()
    {
        var format = FormatFixtures.ParsedHost618;
        var ring = new SyntheticRing(4 << 20, start: 1000); // not aligned to the ring, so one record wraps
        var raw = SyntheticRing.KfreeSkbRaw(format, 0, 0x0800, 3);
        int events = 0;
        while (ring.Head - ring.Tail + 64 <= (ulong)ring.Bytes.Length)
        {
            BitConverter.TryWriteBytes(raw.AsSpan(format.Location.Offset), 0xffffffff82000000UL + (ulong)(events % 50) * 64);
            ring.AppendSample((ulong)events, raw);
            events++;
        }
        var aggregator = new DropAggregator(new Discard(), TimeSpan.FromDays(1));
        var decoder = new KfreeSkbDecoder(format);
        var scratch = new byte[PerfRingReader.MaxRecordSize];

        // Warm up: JIT, the P/Invoke stub of the CPU clock, the aggregator table.
        KfreeSkbRingDrain.Drain(ring.Bytes, ring.Tail, ring.Head, scratch, decoder, 0, 0, aggregator);
        ThreadCpuClock.Now();
        const int Rounds = 50;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = ThreadCpuClock.Now();
        for (int round = 0; round < Rounds; round++)
            KfreeSkbRingDrain.Drain(ring.Bytes, ring.Tail, ring.Head, scratch, decoder, 0, 0, aggregator);
        cpu = ThreadCpuClock.Now() - cpu;
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        double perEventNs = cpu.TotalNanoseconds / ((double)events * Rounds);
        output.WriteLine($"{events:N0} events per ring x {Rounds}: {perEventNs:F1} ns of thread CPU per event = {1e9 / perEventNs:N0} events/s per core; {allocated} bytes allocated");
        Assert.Equal((ulong)events * (Rounds + 1), aggregator.TotalDrops);
        Assert.Equal(0, allocated);
    }

    private sealed class Discard : IDropSummarySink
    {
        public void OnWindow(ReadOnlySpan<LocationCount> drops, ulong windowStartNs, ulong windowEndNs)
        {
        }
    }
}
