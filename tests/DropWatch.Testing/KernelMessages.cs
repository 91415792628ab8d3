using System.Buffers.Binary;
using DropWatch.Core.DropMonitor;
using DropWatch.Netlink.Generic;
using DropWatch.Netlink.Wire;

namespace DropWatch.Testing;

/// <summary>Messages as the kernel sends them: acks, errors, family replies, NET_DM alerts.</summary>
public static class KernelMessages
{
    public static byte[] Ack(uint sequence, uint portId, ushort requestType = 0x10) =>
        Error(0, sequence, portId, requestType, null);

    /// <summary>NLMSG_ERROR with the request's header echoed and, when given, an extended-ack text (NETLINK_CAP_ACK style: no payload echo).</summary>
    public static byte[] Error(int negativeErrno, uint sequence, uint portId, ushort requestType, string? extAck)
    {
        ushort flags = (ushort)((extAck is null ? 0 : Netlink.Wire.Netlink.FlagAckTlvs) | (negativeErrno != 0 ? Netlink.Wire.Netlink.FlagCapped : 0));
        var b = new MessageBuilder(Netlink.Wire.Netlink.TypeError, flags, sequence, portId);
        Span<byte> body = stackalloc byte[20];
        BinaryPrimitives.WriteInt32LittleEndian(body, negativeErrno);
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], 20);
        BinaryPrimitives.WriteUInt16LittleEndian(body[8..], requestType);
        BinaryPrimitives.WriteUInt16LittleEndian(body[10..], 5);
        BinaryPrimitives.WriteUInt32LittleEndian(body[12..], sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(body[16..], portId);
        b.Raw(body);
        if (extAck is not null) b.AttrString(Netlink.Wire.Netlink.ExtAckMessage, extAck);
        return b.Build();
    }

    public static byte[] NetDmFamily(ushort familyId, uint sequence, uint portId, uint groupId = 1) =>
        new MessageBuilder(Controller.FamilyId, 0, sequence, portId)
            .Genl(Controller.CommandNewFamily, 2)
            .AttrString(Controller.AttrFamilyName, NetDm.FamilyName)
            .AttrU16(Controller.AttrFamilyId, familyId)
            .AttrU32(Controller.AttrVersion, 2)
            .AttrU32(Controller.AttrHeaderSize, 0)
            .AttrU32(Controller.AttrMaxAttr, 23)
            .BeginNest(Controller.AttrMulticastGroups | Netlink.Wire.Netlink.AttributeNested)
                .BeginNest(1 | Netlink.Wire.Netlink.AttributeNested)
                    .AttrU32(Controller.AttrGroupId, groupId)
                    .AttrString(Controller.AttrGroupName, NetDm.EventsGroupName)
                .EndNest()
            .EndNest()
            .Build();

    /// <summary>A software summary alert: the legacy struct in attribute 0.</summary>
    public static byte[] SummaryAlert(ushort familyId, params (ulong Pc, uint Count)[] points)
    {
        byte[] payload = new byte[4 + 12 * points.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, (uint)points.Length);
        for (int i = 0; i < points.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(4 + 12 * i), points[i].Pc);
            BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(12 + 12 * i), points[i].Count);
        }
        return new MessageBuilder(familyId, 0, 0, 0).Genl(NetDm.CmdAlert, 2).Attr(NetDm.AttrLegacyAlert, payload).Build();
    }

    /// <summary>A hardware summary: an empty legacy struct, then HW_ENTRIES.</summary>
    public static byte[] HardwareSummary(ushort familyId, params (string Trap, uint Count)[] entries)
    {
        var b = new MessageBuilder(familyId, 0, 0, 0).Genl(NetDm.CmdAlert, 2)
            .Attr(NetDm.AttrLegacyAlert, [0, 0, 0, 0])
            .BeginNest(NetDm.AttrHwEntries | Netlink.Wire.Netlink.AttributeNested);
        foreach (var (trap, count) in entries)
        {
            b.BeginNest(NetDm.AttrHwEntry | Netlink.Wire.Netlink.AttributeNested)
                .AttrString(NetDm.AttrHwTrapName, trap)
                .AttrU32(NetDm.AttrHwTrapCount, count)
                .EndNest();
        }
        return b.EndNest().Build();
    }

    /// <summary>A software packet alert in the attribute order of current kernels.</summary>
    public static byte[] SoftwarePacketAlert(ushort familyId, ulong pc, string symbol, ulong timestampNs,
        string? reason = "NO_SOCKET", uint? ifIndex = null, ushort protocol = 0x800, int payloadLength = 128, uint? originalLength = null)
    {
        var b = new MessageBuilder(familyId, 0, 0, 0).Genl(NetDm.CmdPacketAlert, 2)
            .AttrU16(NetDm.AttrOrigin, 0)
            .AttrU64(NetDm.AttrPc, pc);
        if (reason is not null) b.AttrString(NetDm.AttrReason, reason);
        b.AttrString(NetDm.AttrSymbol, symbol)
            .BeginNest(NetDm.AttrInPort | Netlink.Wire.Netlink.AttributeNested);
        if (ifIndex is { } i) b.AttrU32(NetDm.AttrPortIfIndex, i);
        b.EndNest()
            .AttrU64(NetDm.AttrTimestamp, timestampNs)
            .AttrU32(NetDm.AttrOrigLen, originalLength ?? (uint)payloadLength);
        if (payloadLength > 0)
            b.AttrU16(NetDm.AttrProto, protocol).Attr(NetDm.AttrPayload, new byte[payloadLength]);
        return b.Build();
    }
}
