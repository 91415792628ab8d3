using System.Text;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;

namespace DropWatch.Cli.Capture;

/// <summary>
/// Writes each dropped packet NET_DM copied to a pcapng file: one Interface Description Block per
/// (link type, input ifindex) the first time it is seen, one Enhanced Packet Block per packet with
/// the kernel's timestamp, captured and original length, and a comment saying where and why it was
/// dropped (<see cref="DropComment"/>), so plain <c>tcpdump -r</c> and <c>tshark</c> show it.
/// Summary records carry no packet and are not written.
/// </summary>
public sealed class PcapngSink : IDropSink
{
    private readonly PcapngWriter _writer;
    private readonly OutputBuffer _output;
    private readonly Action<string> _warn;
    private readonly Dictionary<(ushort LinkType, long IfIndex), uint> _interfaces = [];
    private readonly DropComment _comment = new();
    private readonly byte[] _sll = new byte[LinkHeader.SllLength];

    /// <param name="warn">Where a one-line notice goes (stderr), e.g. that summary mode has no packets.</param>
    public PcapngSink(OutputBuffer output, Action<string> warn)
    {
        _output = output;
        _writer = new PcapngWriter(output);
        _warn = warn;
        _writer.WriteSectionHeader("dropwatch");
    }

    /// <summary>
    /// Names an input port by ifindex (rtnetlink), for the interface block when the alert itself
    /// carried no name. Null or a null answer: <c>ifindex N</c>.
    /// </summary>
    public Func<uint, string?>? InterfaceName { get; set; }

    /// <summary>Packets written since this sink was made.</summary>
    public ulong Packets { get; private set; }

    public void OnSessionStarted(in SessionStart start)
    {
        if (start.Mode == AlertMode.Summary)
            _warn("pcapng: summary mode reports counts, not packets, so nothing is written to the capture; use 'set alertmode packet'");
    }

    public void OnDrop(in DropEvent drop, in DropLocation location)
    {
        if (drop.Kind != DropKind.Packet)
            return;
        ushort linkType = LinkHeader.LinkTypeFor(drop);
        uint id = InterfaceFor(linkType, drop);
        ReadOnlySpan<byte> prefix = default;
        if (linkType == LinkHeader.LinkTypeLinuxSll)
        {
            LinkHeader.WriteSll(_sll, drop.HasProtocol ? drop.Protocol : (ushort)0);
            prefix = _sll;
        }
        ReadOnlySpan<byte> payload = drop.HasPayload ? drop.Payload : default;
        uint original = (uint)prefix.Length + (drop.HasOriginalLength ? drop.OriginalLength : (uint)payload.Length);
        ulong timestamp = drop.HasTimestamp ? drop.TimestampNs : DropPipeline.NowNs();
        _writer.WritePacket(id, timestamp, prefix, payload, original, _comment.Build(drop, location));
        Packets++;
    }

    public void OnSessionEnded(in SessionEnd end) => _output.Flush();

    private uint InterfaceFor(ushort linkType, in DropEvent drop)
    {
        long ifIndex = drop.HasIfIndex ? drop.IfIndex : -1;
        if (_interfaces.TryGetValue((linkType, ifIndex), out uint id))
            return id;
        id = (uint)_interfaces.Count;
        _interfaces.Add((linkType, ifIndex), id);
        // Once per interface: the allocation here is not per packet.
        string name = drop.HasPortName ? Encoding.UTF8.GetString(drop.PortName)
            : ifIndex < 0 ? "unknown input port"
            : InterfaceName?.Invoke((uint)ifIndex) ?? $"ifindex {ifIndex}";
        _writer.WriteInterface(linkType, Encoding.UTF8.GetBytes(name));
        return id;
    }
}
