using System.Text;
using DropWatch.Cli.Capture;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Core.Symbols;

namespace DropWatch.Cli.Tests.Capture;

public class PcapngSinkTests
{
    private readonly MemoryStream _stream = new();
    private readonly List<string> _warnings = [];
    private readonly PcapngSink _sink;
    private readonly OutputBuffer _output;

    public PcapngSinkTests()
    {
        _output = new OutputBuffer(_stream);
        _sink = new PcapngSink(_output, _warnings.Add);
    }

    private List<PcapngBlocks.Block> Blocks()
    {
        _output.Flush();
        return PcapngBlocks.Read(_stream.ToArray());
    }

    private static string Text(byte[] b) => Encoding.UTF8.GetString(b);

    private static byte[] Frame(int length) => Enumerable.Range(0, length).Select(i => (byte)i).ToArray();

    private void SoftwarePacket(uint ifIndex, ushort protocol, byte[] payload, uint original, ulong ts = 5_000_000_123)
    {
        var e = new DropEvent(DropKind.Packet)
        {
            HasOrigin = true, Origin = DropOrigin.Software,
            HasPc = true, Pc = 0xffffffff81a2b3c4,
            HasKernelSymbol = true, KernelSymbol = "__udp4_lib_rcv+0x545/0xdd0"u8,
            HasReason = true, Reason = "NO_SOCKET"u8,
            HasTimestamp = true, TimestampNs = ts,
            HasIfIndex = true, IfIndex = ifIndex,
            HasProtocol = true, Protocol = protocol,
            HasPayload = true, Payload = payload,
            HasOriginalLength = true, OriginalLength = original,
        };
        _sink.OnDrop(e, DropLocation.None);
    }

    [Fact]
    public void StartsWithASectionHeader()
    {
        var blocks = Blocks();
        Assert.Equal(0x0A0D0D0Au, Assert.Single(blocks).Type);
    }

    [Fact]
    public void AnIpv4PacketIsEthernetWithKernelTimeLengthsAndTheDropInItsComment()
    {
        SoftwarePacket(1, 0x0800, Frame(60), 1500);
        var blocks = Blocks();
        Assert.Equal(new uint[] { 0x0A0D0D0A, 1, 6 }, blocks.Select(b => b.Type));
        Assert.Equal(LinkHeader.LinkTypeEthernet, BitConverter.ToUInt16(blocks[1].Body, 0));
        Assert.Equal("ifindex 1", Text(blocks[1].Options.Single(o => o.Code == PcapngWriter.OptIfName).Value));
        Assert.Equal(new byte[] { 9 }, blocks[1].Options.Single(o => o.Code == PcapngWriter.OptIfTimestampResolution).Value);

        byte[] epb = blocks[2].Body;
        ulong ts = ((ulong)BitConverter.ToUInt32(epb, 4) << 32) | BitConverter.ToUInt32(epb, 8);
        Assert.Equal(5_000_000_123UL, ts);
        Assert.Equal(60u, BitConverter.ToUInt32(epb, 12));
        Assert.Equal(1500u, BitConverter.ToUInt32(epb, 16));
        Assert.Equal(Frame(60), epb[20..80]);
        Assert.Equal("drop at __udp4_lib_rcv+0x545 reason NO_SOCKET origin software", Text(Assert.Single(blocks[2].Options).Value));
    }

    [Fact]
    public void ANonEthertypeProtocolGetsALinuxCookedHeaderCarryingIt()
    {
        // Wireshark's net_dm dissector hands protocols below 0x600 (other than ETH_P_802_2) to the SLL protocol table.
        SoftwarePacket(3, 0x0003, Frame(10), 10);
        var blocks = Blocks();
        Assert.Equal(LinkHeader.LinkTypeLinuxSll, BitConverter.ToUInt16(blocks[1].Body, 0));
        byte[] epb = blocks[2].Body;
        Assert.Equal(26u, BitConverter.ToUInt32(epb, 12));
        Assert.Equal(26u, BitConverter.ToUInt32(epb, 16));
        Assert.Equal(new byte[] { 0, 0, 0xff, 0xfe, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x03 }, epb[20..36]);
        Assert.Equal(Frame(10), epb[36..46]);
    }

    [Fact]
    public void Ieee8022IsEthernetAsWiresharkDecides()
    {
        SoftwarePacket(3, 0x0004, Frame(10), 10);
        Assert.Equal(LinkHeader.LinkTypeEthernet, BitConverter.ToUInt16(Blocks()[1].Body, 0));
    }

    [Fact]
    public void OneInterfaceBlockPerLinkTypeAndIfindexAndPacketsReferToTheirs()
    {
        SoftwarePacket(1, 0x0800, Frame(20), 20);
        SoftwarePacket(2, 0x0800, Frame(20), 20);
        SoftwarePacket(1, 0x86dd, Frame(20), 20);
        SoftwarePacket(1, 0x0001, Frame(20), 20);
        SoftwarePacket(2, 0x0800, Frame(20), 20);
        var blocks = Blocks();
        Assert.Equal(new uint[] { 0x0A0D0D0A, 1, 6, 1, 6, 6, 1, 6, 6 }, blocks.Select(b => b.Type));
        uint[] ids = blocks.Where(b => b.Type == 6).Select(b => BitConverter.ToUInt32(b.Body, 0)).ToArray();
        Assert.Equal(new uint[] { 0, 1, 0, 2, 1 }, ids);
        Assert.Equal(5UL, _sink.Packets);
    }

    [Fact]
    public void TheNameHookNamesAnInterfaceTheAlertDidNotName()
    {
        _sink.InterfaceName = i => i == 7 ? "veth7" : null;
        SoftwarePacket(7, 0x0800, Frame(20), 20);
        SoftwarePacket(8, 0x0800, Frame(20), 20);
        var names = Blocks().Where(b => b.Type == 1).Select(b => Text(b.Options.Single(o => o.Code == PcapngWriter.OptIfName).Value));
        Assert.Equal(new[] { "veth7", "ifindex 8" }, names);
    }

    [Fact]
    public void AHardwareDropNamesItsTrapAndGroupAndThePortItArrivedOn()
    {
        var e = new DropEvent(DropKind.Packet)
        {
            HasOrigin = true, Origin = DropOrigin.Hardware,
            HasTrapGroup = true, TrapGroup = "l3_drops"u8,
            HasTrapName = true, TrapName = "blackhole_route"u8,
            HasIfIndex = true, IfIndex = 4, HasPortName = true, PortName = "eni10np1"u8,
            HasProtocol = true, Protocol = 0x0800,
            HasPayload = true, Payload = Frame(30),
        };
        _sink.OnDrop(e, DropLocation.None);
        var blocks = Blocks();
        Assert.Equal("eni10np1", Text(blocks[1].Options.Single(o => o.Code == PcapngWriter.OptIfName).Value));
        Assert.Equal("drop at trap blackhole_route group l3_drops origin hardware", Text(Assert.Single(blocks[2].Options).Value));
        Assert.Equal(30u, BitConverter.ToUInt32(blocks[2].Body, 16)); // no original length sent: the captured one
    }

    [Fact]
    public void OurResolutionIsUsedWhenTheKernelSentNoSymbol()
    {
        var e = new DropEvent(DropKind.Packet)
        {
            HasPc = true, Pc = 0xffffffff81000010,
            HasProtocol = true, Protocol = 0x0800, HasPayload = true, Payload = Frame(14),
        };
        _sink.OnDrop(e, new DropLocation(true, new SymbolMatch("ip_rcv", 0x10, null), 0x200));
        Assert.Equal("drop at ip_rcv+0x10", Text(Assert.Single(Blocks()[2].Options).Value));
    }

    [Fact]
    public void SummariesWriteNothingAndSummaryModeSaysSo()
    {
        _sink.OnSessionStarted(new SessionStart("NET_DM", AlertMode.Summary, Origins.Software, 0, 0));
        _sink.OnDrop(new DropEvent(DropKind.SoftwareSummary) { HasPc = true, Pc = 1, Count = 5 }, DropLocation.None);
        Assert.Single(Blocks());
        Assert.Contains("summary mode", Assert.Single(_warnings));
        _sink.OnSessionStarted(new SessionStart("NET_DM", AlertMode.Packet, Origins.Software, 0, 0));
        Assert.Single(_warnings);
    }
}
