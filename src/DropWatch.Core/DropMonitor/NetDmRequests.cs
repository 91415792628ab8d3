using DropWatch.Netlink.Wire;

namespace DropWatch.Core.DropMonitor;

/// <summary>
/// Builds every request the tool sends to NET_DM. All ask for an ack (NLM_F_REQUEST|NLM_F_ACK)
/// so each exchange has a definite end.
/// </summary>
public static class NetDmRequests
{
    public const int MaxLength = 64;
    private const ushort Flags = Netlink.Wire.Netlink.FlagRequest | Netlink.Wire.Netlink.FlagAck;

    public static int Start(Span<byte> buffer, ushort family, uint sequence, Origins origins) =>
        Trace(buffer, family, sequence, NetDm.CmdStart, origins);

    public static int Stop(Span<byte> buffer, ushort family, uint sequence, Origins origins) =>
        Trace(buffer, family, sequence, NetDm.CmdStop, origins);

    /// <summary>A CONFIG request carrying only the settings given; the kernel leaves the others as they are.</summary>
    public static int Config(Span<byte> buffer, ushort family, uint sequence,
        AlertMode? mode = null, uint? truncation = null, uint? queueLength = null)
    {
        var w = new MessageWriter(buffer, family, Flags, sequence, NetDm.CmdConfig, NetDm.RequestVersion);
        if (mode is { } m) w.PutU8(NetDm.AttrAlertMode, (byte)m);
        if (truncation is { } t) w.PutU32(NetDm.AttrTruncLen, t);
        if (queueLength is { } q) w.PutU32(NetDm.AttrQueueLen, q);
        return w.Finish();
    }

    public static int ConfigGet(Span<byte> buffer, ushort family, uint sequence) =>
        new MessageWriter(buffer, family, Flags, sequence, NetDm.CmdConfigGet, NetDm.RequestVersion).Finish();

    public static int StatsGet(Span<byte> buffer, ushort family, uint sequence) =>
        new MessageWriter(buffer, family, Flags, sequence, NetDm.CmdStatsGet, NetDm.RequestVersion).Finish();

    private static int Trace(Span<byte> buffer, ushort family, uint sequence, byte command, Origins origins)
    {
        var w = new MessageWriter(buffer, family, Flags, sequence, command, NetDm.RequestVersion);
        if ((origins & Origins.Software) != 0) w.PutFlag(NetDm.AttrSwDrops);
        if ((origins & Origins.Hardware) != 0) w.PutFlag(NetDm.AttrHwDrops);
        return w.Finish();
    }
}
