using System.Text;
using System.Text.Json;
using DropWatch.Cli.Output;
using DropWatch.Cli.Table;
using DropWatch.Core.DropMonitor;

namespace DropWatch.Cli.Tests.Table;

/// <summary>The table object of JSON mode: one line, its fields, every row ranked by count.</summary>
public class TableJsonTests
{
    [Fact]
    public void OneObjectWithEveryRow()
    {
        var t = new TableEvents();
        t.At(0.5);
        t.Packet(TableEvents.Symbol("__udp4_lib_rcv", 0x9a2), 0xffffffff81000100, "NO_SOCKET", times: 30);
        t.Packet(TableEvents.Symbol("tcp_v4_rcv", 0x81), 0xffffffff81000200, "NO_SOCKET", times: 40, ifIndex: null);
        t.At(2.0);
        t.Table.End();
        t.Table.InterfaceName = i => i == 1 ? "lo" : null;

        var stream = new MemoryStream();
        var output = new OutputBuffer(stream);
        TableJson.Write(output, t.Table, new LossCounters { FullSummaryTables = 2 }, hidden: 5);
        output.Flush();
        string text = Encoding.UTF8.GetString(stream.ToArray());
        Assert.EndsWith("}\n", text);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        JsonElement o = JsonDocument.Parse(text).RootElement;
        Assert.Equal(["type", "time", "source", "mode", "seconds", "total", "keys", "rows", "hidden", "summary_cap"],
            o.EnumerateObject().Select(p => p.Name));
        Assert.Equal("table", o.GetProperty("type").GetString());
        Assert.Equal("2026-12-02T06:00:02.000000000Z", o.GetProperty("time").GetString());
        Assert.Equal(70, o.GetProperty("total").GetInt32());
        Assert.Equal(2.0, o.GetProperty("seconds").GetDouble());
        JsonElement[] rows = o.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(["tcp_v4_rcv+0x81", "__udp4_lib_rcv+0x9a2"], rows.Select(r => r.GetProperty("location").GetString()));
        Assert.Equal(["location", "pc", "reason", "origin", "count", "rate_1s", "rate", "first", "last"],
            rows[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, rows[1].GetProperty("ifindex").GetInt32());
        Assert.Equal("lo", rows[1].GetProperty("ifname").GetString());
        Assert.Equal(30, rows[1].GetProperty("count").GetInt32());
        Assert.Equal(15.0, rows[1].GetProperty("rate").GetDouble());
        Assert.Equal("0xffffffff81000100", rows[1].GetProperty("pc").GetString());
        Assert.Equal("2026-12-02T06:00:00.500000000Z", rows[1].GetProperty("first").GetString());
        Assert.Equal(5, o.GetProperty("hidden").GetInt32());
        Assert.Equal(2, o.GetProperty("summary_cap").GetInt32());
    }
}
