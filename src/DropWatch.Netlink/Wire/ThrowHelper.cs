using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

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

    // The readers' own failures: the message is built here, not in the reader, because an interpolated
    // string in a reader's body (its handler struct, zeroed in the prologue on every call) costs every call.

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    internal static void AttributeLength(int length, int left) =>
        throw new NetlinkFormatException($"attribute length {length} does not fit the {left} bytes left");

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    internal static void MessageHeader(int left) =>
        throw new NetlinkFormatException($"netlink header needs {Netlink.HeaderLength} bytes, datagram has {left} left");

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    internal static void MessageLength(uint length, int left) =>
        throw new NetlinkFormatException($"netlink message length {length} does not fit the {left} bytes left");

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    internal static void GenericHeader(int length) =>
        throw new NetlinkFormatException($"generic netlink header needs {Netlink.GenericHeaderLength} bytes, message has {length}");
}
