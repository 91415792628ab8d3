using DropWatch.Cli.Pipeline;
using DropWatch.Cli.Table;
using DropWatch.Core.DropMonitor;

namespace DropWatch.Cli.Tests.Table;

/// <summary>The printed table: exact text for a known session, top N, totals and the lines under it.</summary>
public class TableTextTests
{
    private static readonly DropLocation Udp = TableEvents.Symbol("__udp4_lib_rcv", 0x9a2);
    private static readonly DropLocation Tcp = TableEvents.Symbol("tcp_v4_rcv", 0x81);
    private static readonly DropLocation Ip6 = TableEvents.Symbol("ip6_protocol_deliver_rcu", 0x1e8);

    private static TableEvents Session()
    {
        var t = new TableEvents();
        t.At(0.25);
        t.Packet(Udp, 0xffffffff81000100, "NO_SOCKET", times: 300);
        t.At(1.5);
        t.Packet(Tcp, 0xffffffff81000200, "NO_SOCKET", times: 20);
        t.Packet(Ip6, 0xffffffff81000300, "NO_SOCKET", times: 7, ifIndex: null);
        t.At(2.0);
        t.Table.End();
        return t;
    }

    [Fact]
    public void GoldenText()
    {
        Assert.Equal(
            "Drops by location and reason (NET_DM, packet mode, 2.0 s, 3 keys, times UTC):\n" +
            "COUNT  LAST 1s  AVG/s  FIRST         LAST          ORIGIN    INTERFACE  REASON     LOCATION\n" +
            "  300        0  150.0  06:00:00.250  06:00:00.250  software  ifindex 1  NO_SOCKET  __udp4_lib_rcv+0x9a2\n" +
            "   20       20   10.0  06:00:01.500  06:00:01.500  software  ifindex 1  NO_SOCKET  tcp_v4_rcv+0x81\n" +
            "    7        7    3.5  06:00:01.500  06:00:01.500  software  -          NO_SOCKET  ip6_protocol_deliver_rcu+0x1e8\n" +
            "  327       27  163.5                                                              total\n" +
            "Lost: none\n",
            TableText.Render(Session().Table, 20, new LossCounters()));
    }

    [Fact]
    public void TopRowsAndTheRestSummed()
    {
        string text = TableText.Render(Session().Table, 1, new LossCounters());
        string[] lines = text.Split('\n');
        Assert.StartsWith("  300 ", lines[2]);
        Assert.Contains("total", lines[3]);
        Assert.StartsWith("  327 ", lines[3]);
        Assert.Equal("2 more rows not shown (27 drops); --table-rows N shows more", lines[4]);
    }

    [Fact]
    public void EveryRowHasItsColumnsAtTheSamePlace()
    {
        var t = Session();
        t.Packet(TableEvents.Symbol("a_much_longer_function_name_here", 0x12345), 0xffffffff81000400, "SKB_DROP_REASON_A_LONG_ONE", times: 123456);
        string[] lines = TableText.Render(t.Table, 20, new LossCounters()).Split('\n')[1..6];
        int reasonColumn = lines[0].IndexOf("REASON", StringComparison.Ordinal);
        int locationColumn = lines[0].IndexOf("LOCATION", StringComparison.Ordinal);
        foreach (string line in lines[1..^1])
        {
            Assert.Equal(' ', line[reasonColumn - 1]);
            Assert.NotEqual(' ', line[reasonColumn]);
            Assert.NotEqual(' ', line[locationColumn]);
            Assert.False(line.EndsWith(' '));
        }
    }

    [Fact]
    public void LossesAndHiddenNoiseAreSaid()
    {
        var losses = new LossCounters { SocketOverruns = 3, SocketDroppedAlerts = 12 };
        string text = TableText.Render(Session().Table, 20, losses, hidden: 9);
        Assert.Contains("Lost: 12 alerts never reached dropwatch; their drops are not in this table\n", text);
        Assert.Contains("9 drops hidden as noise (--hide-noise, --ignore) are not in this table\n", text);
    }

    [Fact]
    public void BarsScaleToTheBusiestRow()
    {
        Assert.Equal("████", TableText.Bar(10, 10, 4));
        Assert.Equal("██", TableText.Bar(5, 10, 4));
        Assert.Equal("▏", TableText.Bar(1, 1000, 4));
        Assert.Equal("", TableText.Bar(0, 10, 4));
    }

    [Fact]
    public void TheLiveLayoutHasARateBarColumn()
    {
        string[] lines = TableText.Render(Session().Table, 20, new LossCounters(), bars: 4).Split('\n');
        Assert.Equal("COUNT  LAST 1s  RATE  AVG/s  LAST          INTERFACE  LOCATION                        REASON", lines[1]);
        // The last second is [1, 2): tcp 20 (the busiest: a full bar), ip6 7, udp none.
        Assert.Equal("  300        0        150.0  06:00:00.250  ifindex 1  __udp4_lib_rcv+0x9a2            NO_SOCKET", lines[2]);
        Assert.Equal("   20       20  ████   10.0  06:00:01.500  ifindex 1  tcp_v4_rcv+0x81                 NO_SOCKET", lines[3]);
        Assert.StartsWith("    7        7  █▍      3.5  ", lines[4]);
    }
}
