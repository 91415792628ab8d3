namespace DropWatch.Netlink.Wire;

/// <summary>Numbers fixed by &lt;linux/netlink.h&gt; and &lt;linux/genetlink.h&gt;.</summary>
public static class Netlink
{
    public const int HeaderLength = 16;        // struct nlmsghdr
    public const int GenericHeaderLength = 4;  // struct genlmsghdr
    public const int AttributeHeaderLength = 4; // struct nlattr
    public const int Alignment = 4;            // NLMSG_ALIGNTO == NLA_ALIGNTO

    public const ushort TypeNoop = 1;
    public const ushort TypeError = 2;
    public const ushort TypeDone = 3;
    public const ushort TypeOverrun = 4;
    public const ushort MinFamilyType = 0x10;

    public const ushort FlagRequest = 0x01;
    public const ushort FlagMulti = 0x02;
    public const ushort FlagAck = 0x04;
    public const ushort FlagDump = 0x300;
    public const ushort FlagDumpInterrupted = 0x10; // NLM_F_DUMP_INTR on dump parts
    public const ushort FlagCapped = 0x100;    // on error acks: request payload not echoed
    public const ushort FlagAckTlvs = 0x200;   // on error acks: extended-ack attributes follow

    public const ushort AttributeNested = 0x8000;
    public const ushort AttributeNetByteOrder = 0x4000;
    public const ushort AttributeTypeMask = 0x3FFF;

    public const ushort ExtAckMessage = 1;     // NLMSGERR_ATTR_MSG
    public const ushort ExtAckOffset = 2;      // NLMSGERR_ATTR_OFFS

    public static int Align(int length) => (length + Alignment - 1) & ~(Alignment - 1);

    /// <summary>
    /// Where the next item starts after one of <paramref name="length"/> bytes at <paramref name="start"/>:
    /// the aligned end. Lengths are the peer's, so this is 64-bit arithmetic: a length near 4 GiB gives an
    /// offset past any buffer, never one that wrapped negative. Callers compare it with what they hold.
    /// </summary>
    public static long AlignedEnd(int start, uint length) =>
        ((long)start + length + Alignment - 1) & ~(long)(Alignment - 1);
}
