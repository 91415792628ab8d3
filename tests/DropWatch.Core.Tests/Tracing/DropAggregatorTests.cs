using DropWatch.Core.Events;
using DropWatch.Core.Tracing;

namespace DropWatch.Core.Tests.Tracing;

public class DropAggregatorTests
{
    private const ulong Second = 1_000_000_000;
    private const ulong T0 = 1_750_000_000 * Second;

    private readonly SummaryRecorder _recorder = new();

    [Fact]
    public void Drops_within_a_window_are_counted_per_location_in_first_seen_order()
    {
        var aggregator = new DropAggregator(_recorder);

        aggregator.Add(0xB, T0);
        aggregator.Add(0xA, T0 + 1);
        aggregator.Add(0xB, T0 + 2);
        aggregator.Add(0, T0 + 3); // NULL pc is a location like any other
        aggregator.Advance(T0 + Second - 1);

        Assert.Empty(_recorder.Windows);
        Assert.Equal(3, aggregator.PendingLocations);

        aggregator.Advance(T0 + Second);

        var window = Assert.Single(_recorder.Windows);
        Assert.Equal([new LocationCount(0xB, 2), new LocationCount(0xA, 1), new LocationCount(0, 1)], window.Drops);
        Assert.Equal(T0, window.Start);
        Assert.Equal(T0 + Second, window.End);
        Assert.Equal(0, aggregator.PendingLocations);
    }

    [Fact]
    public void A_window_opens_at_its_first_drop_and_a_late_drop_closes_the_previous_one()
    {
        var aggregator = new DropAggregator(_recorder);

        aggregator.Add(1, T0);
        aggregator.Add(1, T0 + 5 * Second); // closes the first window, opens the second
        aggregator.Add(2, T0 + 5 * Second + 10);
        aggregator.Advance(T0 + 6 * Second);

        Assert.Equal(2, _recorder.Windows.Count);
        Assert.Equal([new LocationCount(1, 1)], _recorder.Windows[0].Drops);
        Assert.Equal([new LocationCount(1, 1), new LocationCount(2, 1)], _recorder.Windows[1].Drops);
        Assert.Equal(T0 + 5 * Second, _recorder.Windows[1].Start);
    }

    [Fact]
    public void Flush_emits_a_young_window_and_nothing_when_empty()
    {
        var aggregator = new DropAggregator(_recorder);
        aggregator.Flush();
        Assert.Empty(_recorder.Windows);

        aggregator.Add(7, T0);
        aggregator.Add(7, T0);
        aggregator.Flush();
        aggregator.Flush();

        Assert.Equal([new LocationCount(7, 2)], Assert.Single(_recorder.Windows).Drops);
        Assert.Equal(2UL, aggregator.TotalDrops);
    }

    [Fact]
    public void Advance_without_drops_emits_nothing()
    {
        var aggregator = new DropAggregator(_recorder, TimeSpan.FromMilliseconds(10));

        aggregator.Advance(T0);
        aggregator.Advance(T0 + 100 * Second);

        Assert.Empty(_recorder.Windows);
    }

    [Fact]
    public void Many_locations_grow_the_table_and_are_all_counted()
    {
        var aggregator = new DropAggregator(_recorder);
        var expected = new Dictionary<ulong, uint>();
        var random = new Random(7);
        for (int i = 0; i < 200_000; i++)
        {
            ulong location = 0xffffffff81000000UL + (ulong)random.Next(5000) * 16;
            aggregator.Add(location, T0 + (ulong)i);
            expected[location] = expected.GetValueOrDefault(location) + 1;
        }
        aggregator.Flush();

        var window = Assert.Single(_recorder.Windows);
        Assert.Equal(expected.Count, window.Drops.Length);
        Assert.All(window.Drops, d => Assert.Equal(expected[d.Location], d.Count));
        Assert.Equal(200_000L, window.Drops.Sum(d => (long)d.Count));
    }

    [Fact]
    public void Tables_are_reused_after_a_window_closes()
    {
        var aggregator = new DropAggregator(_recorder);
        for (ulong round = 0; round < 3; round++)
        {
            for (ulong pc = 0; pc < 1000; pc++)
                aggregator.Add(pc, T0 + round * 2 * Second);
        }
        aggregator.Flush();

        Assert.Equal(3, _recorder.Windows.Count);
        Assert.All(_recorder.Windows, w => Assert.Equal(1000, w.Drops.Length));
        Assert.All(_recorder.Windows, w => Assert.All(w.Drops, d => Assert.Equal(1u, d.Count)));
    }

    [Fact]
    public void Steady_state_adds_do_not_allocate()
    {
        var aggregator = new DropAggregator(_recorder);
        for (ulong pc = 0; pc < 100; pc++)
            aggregator.Add(pc, T0); // warm up: the table reaches its working size
        aggregator.Flush();
        _recorder.Windows.Clear();

        var drop = new TracepointDrop(0, T0 + 10 * Second, 0x800, 3, 0);
        // OnDrop itself warms up too: its first calls run before tiered compilation settles, which may
        // allocate on this thread (seen once in a full run), and that is not the aggregator's doing.
        for (int i = 0; i < 1_000; i++)
            aggregator.OnDrop(drop with { Location = (ulong)(i % 100) });

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++)
            aggregator.OnDrop(drop with { Location = (ulong)(i % 100) });
        long after = GC.GetAllocatedBytesForCurrentThread();

        Assert.Equal(0, after - before);
    }

    [Fact]
    public void The_window_length_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DropAggregator(_recorder, TimeSpan.Zero));
    }
}
