using DropWatch.Cli.Pipeline;
using DropWatch.Cli.Table;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;

namespace DropWatch.Cli.Tests.Table;

/// <summary>The table's keys, counts, order, rates (on a fake clock), key limit and mode-specific columns.</summary>
public class DropTableTests
{
    private static readonly DropLocation Udp = TableEvents.Symbol("__udp4_lib_rcv", 0x9a2);
    private static readonly DropLocation Tcp = TableEvents.Symbol("tcp_v4_rcv", 0x81);
    private static readonly DropLocation Ip6 = TableEvents.Symbol("ip6_input_finish", 0x3c);

    [Fact]
    public void CountsPerLocationReasonAndInterface()
    {
        var t = new TableEvents();
        t.Packet(Udp, 0xffffffff81000100, "NO_SOCKET", times: 5);
        t.Packet(Udp, 0xffffffff81000100, "NO_SOCKET", times: 2, ifIndex: 3);
        t.Packet(Udp, 0xffffffff81000100, "UDP_CSUM", times: 1);
        t.Packet(Tcp, 0xffffffff81000200, "NO_SOCKET", times: 4);

        var rows = TableSorting.Ranked(t.Table, TableOrder.Count);
        Assert.Equal(4, t.Table.KeyCount);
        Assert.Equal(12UL, t.Table.Total);
        Assert.Equal(
            [("__udp4_lib_rcv+0x9a2", "NO_SOCKET", 1L, 5UL), ("tcp_v4_rcv+0x81", "NO_SOCKET", 1L, 4UL),
             ("__udp4_lib_rcv+0x9a2", "NO_SOCKET", 3L, 2UL), ("__udp4_lib_rcv+0x9a2", "UDP_CSUM", 1L, 1UL)],
            rows.Select(r => (r.Location, r.Reason!, r.Key.IfIndex, r.Count)));
    }

    [Fact]
    public void TiesAreOrderedByLocationThenReason()
    {
        var t = new TableEvents();
        t.Packet(Tcp, 0xffffffff81000200, "NO_SOCKET", times: 3);
        t.Packet(Udp, 0xffffffff81000100, "UDP_CSUM", times: 3);
        t.Packet(Udp, 0xffffffff81000100, "NO_SOCKET", times: 3);
        Assert.Equal(["__udp4_lib_rcv+0x9a2 NO_SOCKET", "__udp4_lib_rcv+0x9a2 UDP_CSUM", "tcp_v4_rcv+0x81 NO_SOCKET"],
            TableSorting.Ranked(t.Table, TableOrder.Count).Select(r => $"{r.Location} {r.Reason}"));
    }

    [Fact]
    public void RatesComeFromTheClock()
    {
        var t = new TableEvents();
        t.At(0.5);
        t.Packet(Udp, 0xffffffff81000100, "NO_SOCKET", times: 10);
        t.At(1.2);
        t.Packet(Udp, 0xffffffff81000100, "NO_SOCKET", times: 4);
        t.At(1.9);
        t.Packet(Udp, 0xffffffff81000100, "NO_SOCKET", times: 2);
        DropTableRow row = Assert.Single(t.Table.Rows);

        t.At(2.3); // the last whole second is [1, 2): 6 drops
        Assert.Equal(6UL, t.Table.LastSecond(row));
        Assert.Equal(16 / 2.3, t.Table.SessionRate(row), 6);
        Assert.Equal(TableEvents.Epoch + 500_000_000, row.FirstNs);
        Assert.Equal(TableEvents.Epoch + 1_900_000_000, row.LastNs);

        t.At(3.5); // a quiet second reads as 0, not as the last busy one
        Assert.Equal(0UL, t.Table.LastSecond(row));
        t.At(40); // long after: the ring does not hand back a stale slot
        Assert.Equal(0UL, t.Table.LastSecond(row));
    }

    [Fact]
    public void SortByRateAndByLastSeen()
    {
        var t = new TableEvents();
        t.At(0.1);
        t.Packet(Udp, 0xffffffff81000100, "NO_SOCKET", times: 50);
        t.At(1.5);
        t.Packet(Tcp, 0xffffffff81000200, "NO_SOCKET", times: 5);
        t.At(1.7);
        t.Packet(Ip6, 0xffffffff81000300, "NO_SOCKET", times: 3);
        t.At(2.1);
        Assert.Equal("__udp4_lib_rcv+0x9a2", TableSorting.Ranked(t.Table, TableOrder.Count)[0].Location);
        Assert.Equal("tcp_v4_rcv+0x81", TableSorting.Ranked(t.Table, TableOrder.Rate)[0].Location);
        Assert.Equal("ip6_input_finish+0x3c", TableSorting.Ranked(t.Table, TableOrder.LastSeen)[0].Location);
    }

    [Fact]
    public void KeysBeyondTheLimitAreFoldedAndTheTotalStaysExact()
    {
        var t = new TableEvents(maxKeys: 2);
        for (ulong i = 0; i < 5; i++)
            t.Packet(TableEvents.Symbol("f" + i, 0), 0xffffffff81000000 + i, "NO_SOCKET", times: (int)i + 1);
        Assert.Equal(2, t.Table.KeyCount);
        Assert.Equal(15UL, t.Table.Total);
        Assert.Equal(3UL + 4 + 5, t.Table.FoldedDrops);
        string text = TableText.Render(t.Table, 20, new LossCounters());
        Assert.Contains("12 drops at keys beyond the table's limit of 2 are counted in \"(other keys)\"", text);
        Assert.Matches(@"\n\s+12\s.*\(other keys\)\n", text);
        Assert.Matches(@"\n\s+15\s.*total\n", text);
    }

    [Fact]
    public void SummaryModeSaysThereIsNoReasonAndAddsTheCounts()
    {
        var t = new TableEvents(AlertMode.Summary);
        t.Summary(Tcp, 0xffffffff81000200, 93);
        t.Summary(Tcp, 0xffffffff81000200, 7);
        DropTableRow row = Assert.Single(t.Table.Rows);
        Assert.Equal(100UL, row.Count);
        Assert.Null(row.Reason);
        Assert.Equal("(summary mode: no reason)", t.Table.ReasonText(row));
        Assert.Equal("-", t.Table.InterfaceText(row));
        Assert.Equal("software", row.Origin);
    }

    [Fact]
    public void TheKernelsCapIsWarnedAbout()
    {
        var t = new TableEvents(AlertMode.Summary);
        t.Summary(Tcp, 0xffffffff81000200, 3);
        var losses = new LossCounters { FullSummaryTables = 4 };
        Assert.Contains("warning: 4 summary alerts hit the kernel's limit of 64 locations", TableText.Render(t.Table, 20, losses));
        Assert.DoesNotContain("warning", TableText.Render(t.Table, 20, new LossCounters()));
    }

    [Fact]
    public void InterfaceNamesComeFromTheHookWhenWired()
    {
        var t = new TableEvents();
        t.Packet(Udp, 0xffffffff81000100, "NO_SOCKET", ifIndex: 1);
        t.Packet(Udp, 0xffffffff81000100, "NO_SOCKET", ifIndex: 7);
        var rows = TableSorting.Ranked(t.Table, TableOrder.Count);
        Assert.Equal(["ifindex 1", "ifindex 7"], rows.Select(t.Table.InterfaceText));
        t.Table.InterfaceName = i => i == 1 ? "lo" : null;
        Assert.Equal(["lo", "ifindex 7"], rows.Select(t.Table.InterfaceText));
    }

    [Fact]
    public void ALocationSeenBeforeSymbolsLoadedIsNamedOnceTheyAre()
    {
        var t = new TableEvents();
        t.Packet(DropLocation.None, 0xffffffff81000100, "NO_SOCKET");
        Assert.Equal("0xffffffff81000100", Assert.Single(t.Table.Rows).Location);
        t.Packet(Udp, 0xffffffff81000100, "NO_SOCKET");
        DropTableRow row = Assert.Single(t.Table.Rows);
        Assert.Equal("__udp4_lib_rcv+0x9a2", row.Location);
        Assert.Equal(2UL, row.Count);
    }

    [Fact]
    public void HardwareDropsAreKeyedByTrap()
    {
        var t = new TableEvents();
        foreach (string trap in new[] { "blackhole_route", "blackhole_route", "ttl_value_is_too_small" })
        {
            var drop = new DropEvent(DropKind.HardwareSummary) { HasOrigin = true, Origin = DropOrigin.Hardware, HasTrapName = true, TrapName = System.Text.Encoding.ASCII.GetBytes(trap), Count = 2 };
            t.Table.Add(drop, DropLocation.None);
        }
        Assert.Equal([("blackhole_route", 4UL, "hardware"), ("ttl_value_is_too_small", 2UL, "hardware")],
            TableSorting.Ranked(t.Table, TableOrder.Count).Select(r => (r.Location, r.Count, r.Origin!)));
    }

    [Fact]
    public void ANewSessionStartsEmpty()
    {
        var t = new TableEvents();
        t.Packet(Udp, 0xffffffff81000100, "NO_SOCKET", times: 3);
        t.Table.Begin(new SessionStart("NET_DM", AlertMode.Packet, Origins.Software, 0, t.Now));
        Assert.Equal(0, t.Table.KeyCount);
        Assert.Equal(0UL, t.Table.Total);
    }

    [Fact]
    public void ThePacketsOwnTimeIsUsedWhenItHasOne()
    {
        var t = new TableEvents();
        t.At(5);
        // Delivered together at 5 s, dropped at 1.25 s and 2.5 s: first and last seen are the drops' times.
        t.Packet(Udp, 0xffffffff81000100, "NO_SOCKET", timestampNs: TableEvents.Epoch + 1_250_000_000);
        t.Packet(Udp, 0xffffffff81000100, "NO_SOCKET", timestampNs: TableEvents.Epoch + 2_500_000_000);
        DropTableRow row = Assert.Single(t.Table.Rows);
        Assert.Equal(TableEvents.Epoch + 1_250_000_000, row.FirstNs);
        Assert.Equal(TableEvents.Epoch + 2_500_000_000, row.LastNs);
        t.At(3.1);
        Assert.Equal(1UL, t.Table.LastSecond(row));
    }

    [Fact]
    public void FirstAndLastSeenAreTheEarliestAndLatestDropWhateverOrderTheyArriveIn()
    {
        // The tracepoint drains its rings one CPU after another: CPU 1's earlier drop can come after CPU 0's later one.
        var t = new TableEvents();
        t.At(5);
        t.Packet(Udp, 0xffffffff81000100, "NO_SOCKET", timestampNs: TableEvents.Epoch + 2_500_000_000);
        t.Packet(Udp, 0xffffffff81000100, "NO_SOCKET", timestampNs: TableEvents.Epoch + 1_250_000_000);
        t.Packet(Udp, 0xffffffff81000100, "NO_SOCKET", timestampNs: TableEvents.Epoch + 2_000_000_000);
        DropTableRow row = Assert.Single(t.Table.Rows);
        Assert.Equal(TableEvents.Epoch + 1_250_000_000, row.FirstNs);
        Assert.Equal(TableEvents.Epoch + 2_500_000_000, row.LastNs);
    }

    [Fact]
    public void SummaryEntriesAreSeenWhenTheirIntervalIsReported()
    {
        // NET_DM summaries carry no time: each entry is stamped when it arrived, as the interval closed.
        var t = new TableEvents(AlertMode.Summary);
        t.At(1.0);
        t.Summary(Tcp, 0xffffffff81000200, 93);
        t.At(3.0);
        t.Summary(Tcp, 0xffffffff81000200, 7);
        t.Summary(Udp, 0xffffffff81000100, 2);
        var rows = TableSorting.Ranked(t.Table, TableOrder.Count);
        Assert.Equal([(TableEvents.Epoch + 1_000_000_000, TableEvents.Epoch + 3_000_000_000), (TableEvents.Epoch + 3_000_000_000, TableEvents.Epoch + 3_000_000_000)],
            rows.Select(r => (r.FirstNs, r.LastNs)));
        // The tracepoint's summaries carry the end of their window, which wins over the arrival time.
        t.At(9.0);
        var drop = new DropEvent(DropKind.SoftwareSummary)
        {
            HasOrigin = true, Origin = DropOrigin.Software, HasPc = true, Pc = 0xffffffff81000100, Count = 4,
            HasTimestamp = true, TimestampNs = TableEvents.Epoch + 4_000_000_000,
        };
        t.Table.Add(drop, Udp);
        Assert.Equal(TableEvents.Epoch + 4_000_000_000, TableSorting.Ranked(t.Table, TableOrder.Count)[1].LastNs);
    }

    [Fact]
    public void EachSessionHasItsOwnTimesAndTheLastOneStaysFrozenUntilTheNext()
    {
        var t = new TableEvents();
        t.At(1);
        t.Packet(Udp, 0xffffffff81000100, "NO_SOCKET", times: 4);
        t.At(2);
        t.Table.End();
        t.At(50); // at the prompt between sessions: show table still describes the 2 s session
        DropTableRow first = Assert.Single(t.Table.Rows);
        Assert.Equal(2.0, t.Table.Seconds, 6);
        Assert.Equal(2.0, t.Table.SessionRate(first), 6);
        Assert.Equal(4UL, t.Table.LastSecond(first)); // the session's last whole second, [1, 2)

        t.At(100);
        t.Table.Begin(new SessionStart("NET_DM", AlertMode.Packet, Origins.Software, 0, t.Now));
        t.At(101.5);
        t.Packet(Udp, 0xffffffff81000100, "NO_SOCKET", times: 3);
        t.At(104);
        t.Table.End();
        DropTableRow second = Assert.Single(t.Table.Rows);
        Assert.Equal(TableEvents.Epoch + 101_500_000_000, second.FirstNs);
        Assert.Equal(TableEvents.Epoch + 101_500_000_000, second.LastNs);
        Assert.Equal(3UL, second.Count);
        Assert.Equal(4.0, t.Table.Seconds, 6);
        Assert.Equal(0.75, t.Table.SessionRate(second), 6);
        Assert.Equal(0UL, t.Table.LastSecond(second));
    }
}
