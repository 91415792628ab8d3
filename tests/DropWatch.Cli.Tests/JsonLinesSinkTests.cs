using System.Text;
using System.Text.Json;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Symbols;
using DropWatch.Netlink.Wire;
using DropWatch.Testing;

namespace DropWatch.Cli.Tests;

/// <summary>
/// One test per JSON Lines object type against the schema documented in the README: the set of
/// fields, their JSON types and values, decoded from kernel-shaped datagrams through the real pipeline.
/// </summary>
public class JsonLinesSinkTests
{
    private const ushort Family = 0x1c;

    private static List<JsonElement> Run(bool payload, Action<DropPipeline> feed, LossCounters? losses = null,
        StopCause cause = StopCause.Interrupt)
    {
        var stdout = new MemoryStream();
        var output = new OutputBuffer(stdout);
        var pipeline = new DropPipeline(new FixedResolver(), new JsonLinesSink(output, payload));
        losses ??= new LossCounters();
        pipeline.Begin(new SessionStart("NET_DM", AlertMode.Packet, Origins.Software | Origins.Hardware, 10, 1_764_636_000_123_456_789), losses);
        feed(pipeline);
        pipeline.End(new SessionEnd(cause, true, pipeline.Records, 1_764_636_001_000_000_001, losses));
        output.Flush();
        string text = Encoding.UTF8.GetString(stdout.ToArray());
        Assert.EndsWith("\n", text);
        return text.TrimEnd('\n').Split('\n').Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
    }

    private static void Feed(DropPipeline pipeline, byte[] datagram)
    {
        var r = new MessageReader(datagram);
        while (r.TryRead(out NetlinkMessage m))
            AlertDecoder.Dispatch(m, Family, pipeline);
    }

    private static string[] Fields(JsonElement e) => e.EnumerateObject().Select(p => p.Name).ToArray();

    [Fact]
    public void StartAndStopObjects()
    {
        var lines = Run(false, _ => { });
        Assert.Equal(["type", "time", "source", "mode", "origins", "limit"], Fields(lines[0]));
        Assert.Equal("start", lines[0].GetProperty("type").GetString());
        Assert.Equal("2025-12-02T00:40:00.123456789Z", lines[0].GetProperty("time").GetString());
        Assert.Equal("packet", lines[0].GetProperty("mode").GetString());
        Assert.Equal(["software", "hardware"], lines[0].GetProperty("origins").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal(10, lines[0].GetProperty("limit").GetInt32());
        Assert.Equal(["type", "time", "cause", "stopped", "records"], Fields(lines[1]));
        Assert.Equal("interrupt", lines[1].GetProperty("cause").GetString());
        Assert.True(lines[1].GetProperty("stopped").GetBoolean());
        Assert.Equal(0, lines[1].GetProperty("records").GetInt32());
    }

    [Fact]
    public void SoftwareSummaryObject()
    {
        var lines = Run(false, p => Feed(p, KernelMessages.SummaryAlert(Family, (0xffffffff962ac491, 93))));
        JsonElement s = lines[1];
        Assert.Equal(["type", "origin", "pc", "symbol", "offset", "count"], Fields(s));
        Assert.Equal("summary", s.GetProperty("type").GetString());
        Assert.Equal("software", s.GetProperty("origin").GetString());
        Assert.Equal("0xffffffff962ac491", s.GetProperty("pc").GetString());
        Assert.Equal("tcp_v4_rcv", s.GetProperty("symbol").GetString());
        Assert.Equal("0x81", s.GetProperty("offset").GetString());
        Assert.Equal(93, s.GetProperty("count").GetInt32());
    }

    [Fact]
    public void HardwareSummaryObject()
    {
        var lines = Run(false, p => Feed(p, KernelMessages.HardwareSummary(Family, ("blackhole_route", 7))));
        JsonElement s = lines[1];
        Assert.Equal(["type", "origin", "trap", "count"], Fields(s));
        Assert.Equal("hardware", s.GetProperty("origin").GetString());
        Assert.Equal("blackhole_route", s.GetProperty("trap").GetString());
        Assert.Equal(7, s.GetProperty("count").GetInt32());
    }

    [Fact]
    public void SoftwarePacketObjectWithAndWithoutPayload()
    {
        byte[] alert = KernelMessages.SoftwarePacketAlert(Family, 0xffffffff962ac491, "tcp_v4_rcv+0x51/0x1000",
            1_764_636_000_902_850_081, ifIndex: 1, payloadLength: 4, originalLength: 106);
        JsonElement p = Run(false, pl => Feed(pl, alert))[1];
        Assert.Equal(["type", "origin", "pc", "symbol", "offset", "kernel_symbol", "reason", "ifindex", "protocol", "length", "orig_len", "time"], Fields(p));
        Assert.Equal("packet", p.GetProperty("type").GetString());
        Assert.Equal("tcp_v4_rcv+0x51/0x1000", p.GetProperty("kernel_symbol").GetString());
        Assert.Equal("NO_SOCKET", p.GetProperty("reason").GetString());
        Assert.Equal(1, p.GetProperty("ifindex").GetInt32());
        Assert.Equal(2048, p.GetProperty("protocol").GetInt32());
        Assert.Equal(4, p.GetProperty("length").GetInt32());
        Assert.Equal(106, p.GetProperty("orig_len").GetInt32());
        Assert.Equal("2025-12-02T00:40:00.902850081Z", p.GetProperty("time").GetString());

        JsonElement withPayload = Run(true, pl => Feed(pl, alert))[1];
        Assert.Equal([0, 0, 0, 0], withPayload.GetProperty("payload").GetBytesFromBase64());
    }

    [Fact]
    public void HardwarePacketObject()
    {
        byte[] alert = new MessageBuilder(Family, 0, 0, 0).Genl(NetDm.CmdPacketAlert, 2)
            .AttrU16(NetDm.AttrOrigin, 1)
            .AttrString(NetDm.AttrHwTrapGroupName, "l3_drops")
            .AttrString(NetDm.AttrHwTrapName, "blackhole_route")
            .BeginNest(NetDm.AttrInPort | Netlink.Wire.Netlink.AttributeNested)
            .AttrU32(NetDm.AttrPortIfIndex, 5).AttrString(NetDm.AttrPortName, "eni10np1")
            .EndNest()
            .Attr(NetDm.AttrFlowActionCookie, [0xde, 0xad, 0xbe, 0xef])
            .AttrU64(NetDm.AttrTimestamp, 1_764_636_000_000_000_005)
            .AttrU16(NetDm.AttrProto, 0x86dd)
            .Attr(NetDm.AttrPayload, new byte[3])
            .Build();
        JsonElement p = Run(false, pl => Feed(pl, alert))[1];
        Assert.Equal(["type", "origin", "trap_group", "trap", "ifindex", "port", "protocol", "length", "cookie", "time"], Fields(p));
        Assert.Equal("hardware", p.GetProperty("origin").GetString());
        Assert.Equal("l3_drops", p.GetProperty("trap_group").GetString());
        Assert.Equal("blackhole_route", p.GetProperty("trap").GetString());
        Assert.Equal("eni10np1", p.GetProperty("port").GetString());
        Assert.Equal("deadbeef", p.GetProperty("cookie").GetString());
        Assert.Equal(0x86dd, p.GetProperty("protocol").GetInt32());
    }

    [Fact]
    public void LossObjectsComeBeforeStopOnePerCause()
    {
        var losses = new LossCounters { SocketOverruns = 2, RingLostEvents = 5, FullSummaryTables = 1 };
        var lines = Run(false, _ => { }, losses, StopCause.AlertLimit);
        Assert.Equal(["loss", "loss", "loss", "stop"], lines.Skip(1).Select(l => l.GetProperty("type").GetString()));
        Assert.Equal(["socket", "ring", "summary_cap"], lines.Skip(1).Take(3).Select(l => l.GetProperty("cause").GetString()));
        Assert.Equal([2, 5, 1], lines.Skip(1).Take(3).Select(l => l.GetProperty("count").GetInt32()));
        Assert.Equal(["type", "cause", "count"], Fields(lines[1]));
        Assert.Equal("limit", lines[4].GetProperty("cause").GetString());
    }
}
