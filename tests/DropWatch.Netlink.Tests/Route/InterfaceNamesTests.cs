using DropWatch.Netlink.Route;

namespace DropWatch.Netlink.Tests.Route;

/// <summary>
/// The name cache's dump policy with a fake clock and a fake interface table: a first sight dumps at
/// once, an index still unknown is retried at most once a second and never within 100 ms of any dump,
/// and at most 1024 unknown indexes are remembered.
/// </summary>
public class InterfaceNamesTests
{
    /// <summary>The kernel's interface table as the test changes it; each dump answers with its state then.</summary>
    private sealed class FakeLinks
    {
        public readonly Dictionary<int, string> Table = new() { [1] = "lo" };
        public int Dumps;

        public ScriptedTransport Open()
        {
            Dumps++;
            var parts = Table.Select(kv => LinkDumpTests.NewLink(kv.Key, kv.Value)).ToList();
            parts.Add(LinkDumpTests.Done());
            return new ScriptedTransport(parts.SelectMany(p => p).ToArray());
        }
    }

    private long _now = 10_000;
    private readonly FakeLinks _links = new();
    private InterfaceNames NewCache() => new(_links.Open, () => _now);

    [Fact]
    public void A_new_interface_is_named_from_its_first_drop_even_right_after_a_dump()
    {
        var cache = NewCache();
        Assert.Equal("lo", cache.Lookup(1));
        _now += 5; // well within a second of that dump
        _links.Table[7] = "dwb";
        Assert.Equal("dwb", cache.Lookup(7));
        Assert.Equal(2, _links.Dumps);
        Assert.Equal("dwb", cache.Lookup(7)); // cached: no dump
        Assert.Equal("lo", cache.Lookup(1));
        Assert.Equal(2, _links.Dumps);
        Assert.Equal(2, cache.Refreshes);
    }

    [Fact]
    public void An_index_still_unknown_is_retried_once_a_second_not_per_drop()
    {
        var cache = NewCache();
        Assert.Null(cache.Lookup(9)); // first sight: one dump, not there
        Assert.Equal(1, _links.Dumps);
        for (int i = 0; i < 999; i++)
        {
            _now++;
            Assert.Null(cache.Lookup(9));
        }
        Assert.Equal(1, _links.Dumps); // 999 ms of drops: no retry
        _links.Table[9] = "late0";
        _now++;                        // a second after its dump
        Assert.Equal("late0", cache.Lookup(9));
        Assert.Equal(2, _links.Dumps);
    }

    [Fact]
    public void A_retry_waits_100_ms_after_a_dump_made_for_another_index()
    {
        var cache = NewCache();
        Assert.Null(cache.Lookup(9));  // t0: first sight of 9
        _now += 950;
        Assert.Null(cache.Lookup(10)); // t0+950: first sight of 10 dumps at once
        Assert.Equal(2, _links.Dumps);
        _links.Table[9] = "nine";
        _now += 50;                    // 9 is due (1 s) but the last dump is only 50 ms old
        Assert.Null(cache.Lookup(9));
        Assert.Equal(2, _links.Dumps);
        _now += 49;
        Assert.Null(cache.Lookup(9));
        _now += 1;                     // 100 ms after the dump for 10
        Assert.Equal("nine", cache.Lookup(9));
        Assert.Equal(3, _links.Dumps);
    }

    [Fact]
    public void An_index_named_by_a_dump_made_for_another_is_served_from_the_cache()
    {
        var cache = NewCache();
        Assert.Null(cache.Lookup(9));
        _links.Table[9] = "nine";
        _now += 10;
        Assert.Null(cache.Lookup(10)); // this dump learns 9 too
        Assert.Equal("nine", cache.Lookup(9));
        Assert.Equal(2, _links.Dumps);
    }

    [Fact]
    public void At_most_1024_unknown_indexes_are_remembered_and_the_rest_wait_a_second_after_the_last_dump()
    {
        var cache = NewCache();
        for (uint i = 0; i < InterfaceNames.MaxUnknown; i++)
            Assert.Null(cache.Lookup(1000 + i)); // each a first sight: a dump each
        Assert.Equal(InterfaceNames.MaxUnknown, _links.Dumps);
        // Memory full: more new indexes behave as if asked about at the last dump.
        for (uint i = 0; i < 5000; i++)
            Assert.Null(cache.Lookup(100_000 + i));
        Assert.Equal(InterfaceNames.MaxUnknown, _links.Dumps);
        _now += InterfaceNames.RefreshIntervalMs;
        _links.Table[100_000] = "extra";
        Assert.Equal("extra", cache.Lookup(100_000));
        Assert.Equal(InterfaceNames.MaxUnknown + 1, _links.Dumps);
        Assert.Null(cache.Lookup(100_001)); // and again not before another second
        Assert.Equal(InterfaceNames.MaxUnknown + 1, _links.Dumps);
    }

    [Fact]
    public void A_remembered_index_that_is_named_frees_its_slot_for_a_new_first_sight()
    {
        var cache = NewCache();
        for (uint i = 0; i < InterfaceNames.MaxUnknown; i++)
            Assert.Null(cache.Lookup(1000 + i));
        int dumps = _links.Dumps;
        _links.Table[1000] = "back";
        _now += InterfaceNames.RefreshIntervalMs;
        Assert.Equal("back", cache.Lookup(1000)); // a retry: its slot is freed
        Assert.Equal(dumps + 1, _links.Dumps);
        _now += InterfaceNames.MinDumpGapMs;
        _links.Table[77] = "new0";
        Assert.Equal("new0", cache.Lookup(77)); // a first sight again dumps at once
        Assert.Equal(dumps + 2, _links.Dumps);
    }
}
