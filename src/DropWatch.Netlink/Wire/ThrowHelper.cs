using System.Diagnostics.CodeAnalysis;

namespace DropWatch.Netlink.Wire;

/// <summary>
/// Throwing lives out of line so the span readers' hot paths stay small enough to inline.
/// </summary>
public static class ThrowHelper
{
    [DoesNotReturn]
    public static void Malformed(string what) => throw new NetlinkFormatException(what);

    [DoesNotReturn]
    public static T Malformed<T>(string what) => throw new NetlinkFormatException(what);
}
