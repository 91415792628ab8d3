namespace DropWatch.Netlink.Wire;

/// <summary>
/// Bytes from the kernel (or a fake of it) that do not follow the netlink framing rules.
/// The receive loop catches this per datagram, counts it and carries on, so one bad message
/// never ends a monitoring session.
/// </summary>
public sealed class NetlinkFormatException(string message) : Exception(message);
