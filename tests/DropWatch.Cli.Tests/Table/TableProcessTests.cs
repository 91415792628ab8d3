using System.Text;
using System.Text.Json;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Cli.Table;
using DropWatch.Core.DropMonitor;

namespace DropWatch.Cli.Tests.Table;

/// <summary><c>--table-process</c>: the process in the key, its column in text and the live view, pid/comm in JSON.</summary>
public class TableProcessTests
{
    private static readonly DropLocation Udp = TableEvents.Symbol("__udp4_lib_rcv", 0x9a2);
    private static readonly DropLocation Tcp = TableEvents.Symbol("tcp_v4_rcv", 0x81);
    private const string Tracepoint = "tracepoint skb:kfree_skb";

    private static TableEvents Mixed(bool byProcess)
    {
        var t = new TableEvents(byProcess: byProcess, source: Tracepoint);
        t.At(0.5);
        t.Packet(Udp, 0xffffffff81000100, "NO_SOCKET", times: 5, ifIndex: null, process: (4242, "nginx"));
        t.Packet(Udp, 0xffffffff81000100, "NO_SOCKET", times: 3, ifIndex: null, process: (0, "swapper/1"));
        t.Packet(Udp, 0xffffffff81000100, "NO_SOCKET", times: 2, ifIndex: null, process: (4242, "nginx"));
        t.Packet(Tcp, 0xffffffff81000200, "NO_SOCKET", times: 1, ifIndex: null, process: (977, ""));
        t.Packet(Tcp, 0xffffffff81000200, "NO_SOCKET", times: 4, ifIndex: null);
        t.At(2.0);
        t.Table.End();
        return t;
    }

    [Fact]
    public void TheProcessSplitsAKeyOnlyWhenAskedFor()
    {
        var byProcess = TableSorting.Ranked(Mixed(byProcess: true).Table, TableOrder.Count);
        Assert.Equal(
            [("__udp4_lib_rcv+0x9a2", "nginx[4242]", 7UL), ("tcp_v4_rcv+0x81", null, 4UL), ("__udp4_lib_rcv+0x9a2", "swapper/1[0]", 3UL),
             ("tcp_v4_rcv+0x81", "[977]", 1UL)],
            byProcess.Select(r => (r.Location, r.Process, r.Count)));
        Assert.Equal("nginx", byProcess[0].Comm);
        Assert.Null(byProcess[3].Comm);

        var plain = TableSorting.Ranked(Mixed(byProcess: false).Table, TableOrder.Count);
        Assert.Equal([("__udp4_lib_rcv+0x9a2", 10UL), ("tcp_v4_rcv+0x81", 5UL)], plain.Select(r => (r.Location, r.Count)));
        Assert.All(plain, r => Assert.Null(r.Process));
    }

    [Fact]
    public void TheTextTableHasAProcessColumnBeforeTheReason()
    {
        string[] lines = TableText.Render(Mixed(byProcess: true).Table, 20, new LossCounters()).Split('\n');
        Assert.StartsWith("Drops by location, reason and process (tracepoint skb:kfree_skb, packet mode, 2.0 s, 4 keys", lines[0]);
        Assert.Equal("COUNT  LAST 1s  AVG/s  FIRST         LAST          ORIGIN    INTERFACE  PROCESS       REASON     LOCATION", lines[1]);
        Assert.Equal("    7        0    3.5  06:00:00.500  06:00:00.500  software  -          nginx[4242]   NO_SOCKET  __udp4_lib_rcv+0x9a2", lines[2]);
        Assert.Equal("    4        0    2.0  06:00:00.500  06:00:00.500  software  -          -             NO_SOCKET  tcp_v4_rcv+0x81", lines[3]);
        Assert.Contains("  swapper/1[0]  ", lines[4]);
        Assert.Contains("  [977]         ", lines[5]);
        Assert.StartsWith("   15        0    7.5  ", lines[6]);
        Assert.Equal(lines[1].IndexOf("LOCATION", StringComparison.Ordinal), lines[6].IndexOf("total", StringComparison.Ordinal));

        string plain = TableText.Render(Mixed(byProcess: false).Table, 20, new LossCounters());
        Assert.DoesNotContain("PROCESS", plain);
        Assert.StartsWith("Drops by location and reason (", plain);
    }

    [Fact]
    public void TheLiveViewShowsTheProcessBeforeTheLocation()
    {
        string[] lines = TableText.Render(Mixed(byProcess: true).Table, 20, new LossCounters(), bars: 4).Split('\n');
        string[] header = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["COUNT", "LAST", "1s", "RATE", "AVG/s", "LAST", "INTERFACE", "PROCESS", "LOCATION", "REASON"], header);
        int process = lines[1].IndexOf("PROCESS", StringComparison.Ordinal);
        Assert.Equal("nginx[4242]", lines[2][process..].Split(' ')[0]);
    }

    [Fact]
    public void JsonRowsCarryPidAndCommWhenKnown()
    {
        var stream = new MemoryStream();
        var output = new OutputBuffer(stream);
        TableJson.Write(output, Mixed(byProcess: true).Table, new LossCounters(), hidden: 0);
        output.Flush();
        JsonElement o = JsonDocument.Parse(Encoding.UTF8.GetString(stream.ToArray())).RootElement;
        Assert.True(o.GetProperty("by_process").GetBoolean());
        JsonElement[] rows = o.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(4242, rows[0].GetProperty("pid").GetInt32());
        Assert.Equal("nginx", rows[0].GetProperty("comm").GetString());
        Assert.False(rows[1].TryGetProperty("pid", out _));
        Assert.Equal(0, rows[2].GetProperty("pid").GetInt32());
        Assert.Equal("swapper/1", rows[2].GetProperty("comm").GetString());
        Assert.Equal(977, rows[3].GetProperty("pid").GetInt32());
        Assert.False(rows[3].TryGetProperty("comm", out _));

        var plainStream = new MemoryStream();
        var plainOutput = new OutputBuffer(plainStream);
        TableJson.Write(plainOutput, Mixed(byProcess: false).Table, new LossCounters(), hidden: 0);
        plainOutput.Flush();
        string plain = Encoding.UTF8.GetString(plainStream.ToArray());
        Assert.DoesNotContain("\"pid\"", plain);
        Assert.DoesNotContain("by_process", plain);
    }

    [Fact]
    public void AKnownProcessKeyAllocatesNothing()
    {
        var t = new TableEvents(byProcess: true, source: Tracepoint);
        t.Packet(Udp, 0xffffffff81000100, "NO_SOCKET", process: (4242, "nginx"));
        byte[] reason = "NO_SOCKET"u8.ToArray(), comm = "nginx"u8.ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            var drop = new DropWatch.Core.Events.DropEvent(DropWatch.Core.Events.DropKind.Packet)
            {
                HasOrigin = true, Origin = DropWatch.Core.Events.DropOrigin.Software, HasPc = true, Pc = 0xffffffff81000100,
                HasReason = true, Reason = reason, HasIfIndex = true, IfIndex = 1, HasProcess = true, Pid = 4242, Comm = comm,
            };
            t.Table.Add(drop, Udp);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1001UL, t.Table.Total);
    }
}
