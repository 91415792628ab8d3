using System.Globalization;
using System.Text;

namespace DropWatch.Cli.Filtering;

/// <summary>
/// The values each field accepts, turned into what the compiled tree compares. Every refusal says
/// what was expected, for the column-numbered message.
/// </summary>
internal static class FilterValues
{
    public static bool TryNumber(FilterField field, string text, out ulong value, out string error)
    {
        error = "";
        switch (field)
        {
            case FilterField.Origin:
                value = text switch { "software" or "sw" => 0, "hardware" or "hw" => 1, _ => ulong.MaxValue };
                if (value != ulong.MaxValue)
                    return true;
                error = $"expected software or hardware for 'origin', not '{text}'";
                return false;
            case FilterField.Proto:
                value = text switch { "ipv4" or "ip" => 0x0800, "ipv6" => 0x86dd, "arp" => 0x0806, _ => ulong.MaxValue };
                if (value != ulong.MaxValue || TryUnsigned(text, 0xffff, out value))
                    return true;
                error = $"expected an ethertype (a number such as 0x86dd, or ipv4, ipv6, arp) for 'proto', not '{text}'";
                return false;
            case FilterField.L4:
                value = text switch { "icmp" => 1, "tcp" => 6, "udp" => 17, "icmpv6" => 58, "sctp" => 132, _ => ulong.MaxValue };
                if (value != ulong.MaxValue || TryUnsigned(text, 255, out value))
                    return true;
                error = $"expected tcp, udp, icmp, icmpv6, sctp or a protocol number for 'l4', not '{text}'";
                return false;
            case FilterField.Sport or FilterField.Dport:
                if (TryUnsigned(text, 0xffff, out value))
                    return true;
                error = $"expected a port number from 0 to 65535, not '{text}'";
                return false;
            case FilterField.IfIndex:
                if (TryUnsigned(text, uint.MaxValue, out value))
                    return true;
                error = $"expected an interface index (a number), not '{text}'";
                return false;
            default: // pid, cpu
                if (TryUnsigned(text, int.MaxValue, out value))
                    return true;
                error = $"expected a number for '{FilterFields.NameOf(field)}', not '{text}'";
                return false;
        }
    }

    /// <summary>Decimal, or hex with 0x.</summary>
    private static bool TryUnsigned(string text, ulong max, out ulong value)
    {
        bool ok = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value) && text.Length > 2
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        return ok && value <= max;
    }

    /// <summary>
    /// A drop reason: checked against the running kernel's names when the source knows them (the
    /// tracepoint's format table); otherwise (NET_DM sends names as text) only its spelling is checked.
    /// </summary>
    public static bool TryReason(string text, IReadOnlyCollection<string>? knownReasons, out byte[] name, out string error)
    {
        error = "";
        string upper = text.ToUpperInvariant();
        name = Encoding.ASCII.GetBytes(upper);
        if (upper.Length == 0 || !upper.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_'))
        {
            error = $"expected a drop reason name such as NO_SOCKET, not '{text}'";
            return false;
        }
        if (knownReasons is not null && !knownReasons.Contains(upper, StringComparer.Ordinal))
        {
            error = $"'{text}' is not a drop reason of this kernel (its reasons include {string.Join(", ", knownReasons.Take(4))} …)";
            return false;
        }
        return true;
    }
}
