using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DropWatch.Cli.Exporter;

/// <summary>
/// Where the metrics endpoint listens: <c>PORT</c> (127.0.0.1), <c>IPv4:PORT</c> or
/// <c>[IPv6]:PORT</c>; <c>0.0.0.0</c> means every IPv4 interface, <c>[::]</c> every interface
/// (IPv6 and IPv4). Only literal addresses: a host name would make the bound address depend on DNS
/// at start-up, and listening beyond loopback must be a visible, explicit choice.
/// </summary>
public readonly record struct ListenEndpoint(IPAddress Address, int Port)
{
    public const string Expected = "expected [ADDRESS:]PORT, e.g. 9700, 127.0.0.1:9700, 0.0.0.0:9700, [::1]:9700 or [::]:9700";

    /// <summary>The address as it goes in a URL (IPv6 in brackets).</summary>
    public string Host => Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{Address}]" : Address.ToString();

    public override string ToString() => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static bool TryParse(string text, out ListenEndpoint endpoint, out string error)
    {
        endpoint = default;
        string address = "127.0.0.1", port = text;
        if (text.StartsWith('['))
        {
            int close = text.IndexOf(']');
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
                return Fail(text, "an IPv6 address goes in brackets followed by :PORT", out error);
            address = text[1..close];
            port = text[(close + 2)..];
            // No zone (fe80::1%eth0): the index would depend on the machine's interfaces.
            if (!IPAddress.TryParse(address, out IPAddress? v6) || v6.AddressFamily != AddressFamily.InterNetworkV6 || address.Contains('%'))
                return Fail(text, $"'{address}' is not an IPv6 address", out error);
        }
        else if (text.LastIndexOf(':') is var colon and >= 0)
        {
            if (text.IndexOf(':') != colon)
                return Fail(text, "an IPv6 address goes in brackets: [ADDRESS]:PORT", out error);
            address = text[..colon];
            port = text[(colon + 1)..];
        }

        if (!IPAddress.TryParse(address, out IPAddress? ip) || (ip.AddressFamily == AddressFamily.InterNetwork && address.Count(c => c == '.') != 3))
            return Fail(text, $"'{address}' is not an IP address (host names are not accepted)", out error);
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number is < 1 or > 65535)
            return Fail(text, $"'{port}' is not a port number from 1 to 65535", out error);
        endpoint = new ListenEndpoint(ip, number);
        error = "";
        return true;
    }

    private static bool Fail(string text, string why, out string error)
    {
        error = $"invalid --metrics-listen '{text}': {why} ({Expected})";
        return false;
    }
}
