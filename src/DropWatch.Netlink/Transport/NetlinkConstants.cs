namespace DropWatch.Netlink.Transport;

/// <summary>Socket-level constants for netlink sockets (linux/netlink.h, asm-generic/socket.h). The calls themselves are in <see cref="DropWatch.Native.LibC"/>.</summary>
internal static class NetlinkConstants
{
    public const int AfNetlink = 16;
    public const int SockRaw = 3;
    public const int SockCloexec = 0x80000;
    public const int NetlinkGeneric = 16;
    public const int NetlinkRoute = 0;
    public const int SolSocket = 1;
    public const int SoRcvBuf = 8;
    public const int SoRcvBufForce = 33;
    public const int SoMemInfo = 55;
    public const int SolNetlink = 270;
    public const int NetlinkAddMembership = 1;
    public const int NetlinkDropMembership = 2;
    public const int NetlinkExtAck = 11;
    public const int MsgTrunc = 0x20;
    public const int MsgDontWait = 0x40;
}
