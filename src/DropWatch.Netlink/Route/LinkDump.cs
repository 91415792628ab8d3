using DropWatch.Netlink.Wire;

namespace DropWatch.Netlink.Route;

/// <summary>
/// rtnetlink's interface table: the RTM_GETLINK dump request, and the decoding of each RTM_NEWLINK
/// part into (ifindex, name).
/// <code>
/// struct ifinfomsg { u8 family; u8 pad; u16 type; s32 index; u32 flags; u32 change; }  // then IFLA_* attributes
/// </code>
/// </summary>
public static class LinkDump
{
    public const ushort RtmNewLink = 16;
    public const ushort RtmGetLink = 18;
    public const ushort IflaIfName = 3;
    private const int IfInfoLength = 16;

    /// <summary>nlmsghdr + an all-zero ifinfomsg (AF_UNSPEC: every interface), NLM_F_REQUEST | NLM_F_DUMP.</summary>
    public static int WriteRequest(Span<byte> buffer, uint sequence)
    {
        const int length = Wire.Netlink.HeaderLength + IfInfoLength;
        buffer[..length].Clear();
        HostOrder.Write(buffer, (uint)length);
        HostOrder.Write(buffer[4..], RtmGetLink);
        HostOrder.Write(buffer[6..], (ushort)(Wire.Netlink.FlagRequest | Wire.Netlink.FlagDump));
        HostOrder.Write(buffer[8..], sequence);
        return length;
    }

    /// <summary>
    /// One dump part: false for messages that are not RTM_NEWLINK or carry no name; throws
    /// <see cref="NetlinkFormatException"/> for one too short for its header or with broken attributes.
    /// </summary>
    public static bool TryDecode(in NetlinkMessage message, out uint index, out string name)
    {
        index = 0;
        name = "";
        if (message.Type != RtmNewLink)
            return false;
        ReadOnlySpan<byte> payload = message.Payload;
        if (payload.Length < IfInfoLength)
            throw new NetlinkFormatException($"RTM_NEWLINK of {payload.Length} bytes is shorter than struct ifinfomsg");
        index = HostOrder.U32(payload[4..]);
        var attributes = new AttributeReader(payload[IfInfoLength..]);
        while (attributes.TryRead(out NetlinkAttribute a))
        {
            if (a.Type == IflaIfName)
            {
                name = a.GetString();
                return name.Length > 0;
            }
        }
        return false;
    }
}
