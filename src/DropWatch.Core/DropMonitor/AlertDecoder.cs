using DropWatch.Core.Events;
using DropWatch.Netlink.Wire;

namespace DropWatch.Core.DropMonitor;

/// <summary>
/// Turns NET_DM multicast messages into <see cref="DropEvent"/>s. Unknown attributes are skipped (newer
/// kernels add some); malformed ones throw <see cref="NetlinkFormatException"/>, which the
/// receive loop counts per datagram.
/// </summary>
public static class AlertDecoder
{
    /// <summary>Returns false when the message is not a NET_DM alert (it is then ignored).</summary>
    public static bool Dispatch(in NetlinkMessage message, ushort familyId, IDropEventSink sink)
    {
        if (message.Type != familyId)
            return false;
        GenericMessage genl = GenericMessage.Parse(message);
        switch (genl.Command)
        {
            case NetDm.CmdAlert:
                DecodeSummary(genl.Attributes, sink);
                return true;
            case NetDm.CmdPacketAlert:
                DropEvent packet = DecodePacket(genl.Attributes);
                sink.OnDrop(packet);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// A summary alert: the legacy struct net_dm_alert_msg in the type-0 attribute
    /// (<c>u32 entries</c>, then <c>entries</c> × {u8 pc[8]; u32 count}), and for hardware
    /// drops a HW_ENTRIES nest after it.
    /// </summary>
    public static void DecodeSummary(ReadOnlySpan<byte> attributes, IDropEventSink sink)
    {
        var reader = new AttributeReader(attributes);
        while (reader.TryRead(out NetlinkAttribute a))
        {
            switch (a.Type)
            {
                case NetDm.AttrLegacyAlert:
                    DecodeLegacyPoints(a.Payload, sink);
                    break;
                case NetDm.AttrHwEntries:
                    DecodeHardwareEntries(a.GetNested(), sink);
                    break;
            }
        }
    }

    private static void DecodeLegacyPoints(ReadOnlySpan<byte> payload, IDropEventSink sink)
    {
        if (payload.Length < 4)
            ThrowHelper.Malformed($"summary alert struct has {payload.Length} bytes, needs 4");
        uint entries = HostOrder.U32(payload);
        ReadOnlySpan<byte> points = payload[4..];
        // Trust the attribute length, not the count: a count that overruns the payload is malformed.
        if (entries > (uint)(points.Length / NetDm.DropPointSize))
            ThrowHelper.Malformed($"summary alert claims {entries} entries but carries room for {points.Length / NetDm.DropPointSize}");

        for (int i = 0; i < (int)entries; i++)
        {
            ReadOnlySpan<byte> point = points.Slice(i * NetDm.DropPointSize, NetDm.DropPointSize);
            var drop = new DropEvent(DropKind.SoftwareSummary)
            {
                HasOrigin = true,
                Origin = DropOrigin.Software,
                HasPc = true,
                Pc = HostOrder.U64(point),
                Count = HostOrder.U32(point[8..]),
            };
            sink.OnDrop(drop);
        }
        if (entries >= NetDm.SummaryEntryLimit)
            sink.OnSummaryTableFull();
    }

    private static void DecodeHardwareEntries(AttributeReader entries, IDropEventSink sink)
    {
        int seen = 0;
        while (entries.TryRead(out NetlinkAttribute entry))
        {
            if (entry.Type != NetDm.AttrHwEntry)
                continue;
            seen++;
            ReadOnlySpan<byte> name = default;
            uint? count = null;
            AttributeReader fields = entry.GetNested();
            while (fields.TryRead(out NetlinkAttribute f))
            {
                if (f.Type == NetDm.AttrHwTrapName) name = f.GetStringBytes();
                else if (f.Type == NetDm.AttrHwTrapCount) count = f.GetU32();
            }
            // An entry without a name or count has nothing to print; the rest of the batch still does.
            if (!name.IsEmpty && count is { } c)
            {
                var drop = new DropEvent(DropKind.HardwareSummary)
                {
                    HasOrigin = true,
                    Origin = DropOrigin.Hardware,
                    HasTrapName = true,
                    TrapName = name,
                    Count = c,
                };
                sink.OnDrop(drop);
            }
        }
        if (seen >= NetDm.SummaryEntryLimit)
            sink.OnSummaryTableFull();
    }

    /// <summary>A packet alert; every attribute is optional on the wire, so each sets its Has flag.</summary>
    public static DropEvent DecodePacket(ReadOnlySpan<byte> attributes)
    {
        var p = new DropEvent(DropKind.Packet);
        var reader = new AttributeReader(attributes);
        while (reader.TryRead(out NetlinkAttribute a))
        {
            switch (a.Type)
            {
                case NetDm.AttrPc: p.HasPc = true; p.Pc = a.GetU64(); break;
                case NetDm.AttrSymbol: p.HasKernelSymbol = true; p.KernelSymbol = a.GetStringBytes(); break;
                case NetDm.AttrOrigin: p.HasOrigin = true; p.Origin = (DropOrigin)a.GetU16(); break;
                case NetDm.AttrHwTrapGroupName: p.HasTrapGroup = true; p.TrapGroup = a.GetStringBytes(); break;
                case NetDm.AttrHwTrapName: p.HasTrapName = true; p.TrapName = a.GetStringBytes(); break;
                case NetDm.AttrInPort: DecodePort(a.GetNested(), ref p); break;
                case NetDm.AttrFlowActionCookie: p.HasCookie = true; p.Cookie = a.Payload; break;
                case NetDm.AttrTimestamp: p.HasTimestamp = true; p.TimestampNs = a.GetU64(); break;
                case NetDm.AttrProto: p.HasProtocol = true; p.Protocol = a.GetU16(); break;
                case NetDm.AttrPayload: p.HasPayload = true; p.Payload = a.Payload; break;
                case NetDm.AttrOrigLen: p.HasOriginalLength = true; p.OriginalLength = a.GetU32(); break;
                case NetDm.AttrReason: p.HasReason = true; p.Reason = a.GetStringBytes(); break;
            }
        }
        return p;
    }

    private static void DecodePort(AttributeReader port, ref DropEvent p)
    {
        // Type 0 is a real attribute here (the ifindex), not padding.
        while (port.TryRead(out NetlinkAttribute a))
        {
            if (a.Type == NetDm.AttrPortIfIndex) { p.HasIfIndex = true; p.IfIndex = a.GetU32(); }
            else if (a.Type == NetDm.AttrPortName) { p.HasPortName = true; p.PortName = a.GetStringBytes(); }
        }
    }
}
