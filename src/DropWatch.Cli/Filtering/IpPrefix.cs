using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace DropWatch.Cli.Filtering;

/// <summary>An address or a CIDR block (<c>10.0.0.0/8</c>, <c>fe80::/10</c>), compared as a big-endian number.</summary>
internal readonly record struct IpPrefix(byte Family, UInt128 Value, int Length)
{
    public static bool TryParse(string text, out IpPrefix prefix, out string error)
    {
        prefix = default;
        error = "";
        int slash = text.IndexOf('/');
        string address = slash < 0 ? text : text[..slash];
        // IPAddress also takes "10" or "10.1" (inet_aton's short forms); a filter wants the address spelled out.
        bool spelledOut = address.Contains(':') ? !address.Contains('%') : address.Count(c => c == '.') == 3;
        if (!spelledOut || !IPAddress.TryParse(address, out IPAddress? ip))
        {
            error = $"expected an IPv4 or IPv6 address (optionally /prefix), not '{text}'";
            return false;
        }
        byte family = ip.AddressFamily == AddressFamily.InterNetwork ? (byte)4 : (byte)6;
        int bits = family == 4 ? 32 : 128;
        int length = bits;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out length) || length > bits))
        {
            error = $"expected a prefix length from 0 to {bits} after '/', not '{text[(slash + 1)..]}'";
            return false;
        }
        byte[] bytes = ip.GetAddressBytes();
        UInt128 value = family == 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
        prefix = new IpPrefix(family, value & Mask(bits, length), length);
        return true;
    }

    public bool Contains(byte family, UInt128 address) =>
        family == Family && (address & Mask(family == 4 ? 32 : 128, Length)) == Value;

    private static UInt128 Mask(int bits, int length)
    {
        if (length == 0)
            return UInt128.Zero;
        UInt128 all = bits == 32 ? uint.MaxValue : UInt128.MaxValue;
        return all & ~((UInt128.One << (bits - length)) - 1);
    }
}
