using System.Runtime.InteropServices;

namespace DropWatch.Netlink.Transport;

/// <summary>struct sockaddr_nl: family, pad, port id, legacy group mask.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NetlinkAddress
{
    public ushort Family;
    public ushort Pad;
    public uint PortId;
    public uint Groups;
}
