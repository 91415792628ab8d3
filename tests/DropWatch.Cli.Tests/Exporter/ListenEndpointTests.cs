using System.Net;
using DropWatch.Cli.Exporter;

namespace DropWatch.Cli.Tests.Exporter;

public class ListenEndpointTests
{
    [Theory]
    [InlineData("9700", "127.0.0.1", 9700, "127.0.0.1:9700")]
    [InlineData("127.0.0.1:9700", "127.0.0.1", 9700, "127.0.0.1:9700")]
    [InlineData("0.0.0.0:80", "0.0.0.0", 80, "0.0.0.0:80")]
    [InlineData("192.0.2.7:65535", "192.0.2.7", 65535, "192.0.2.7:65535")]
    [InlineData("[::1]:9700", "::1", 9700, "[::1]:9700")]
    [InlineData("[::]:9700", "::", 9700, "[::]:9700")]
    [InlineData("[2001:db8::7]:1", "2001:db8::7", 1, "[2001:db8::7]:1")]
    public void AcceptsPortsAndLiteralAddresses(string text, string address, int port, string shown)
    {
        Assert.True(ListenEndpoint.TryParse(text, out ListenEndpoint e, out string error), error);
        Assert.Equal(IPAddress.Parse(address), e.Address);
        Assert.Equal(port, e.Port);
        Assert.Equal(shown, e.ToString());
    }

    [Theory]
    [InlineData("", "is not a port number")]
    [InlineData("0", "is not a port number")]
    [InlineData("65536", "is not a port number")]
    [InlineData("-1", "is not a port number")]
    [InlineData("127.0.0.1:", "is not a port number")]
    [InlineData("127.0.0.1:http", "is not a port number")]
    [InlineData("localhost:9700", "host names are not accepted")]
    [InlineData("10.1:9700", "is not an IP address")]
    [InlineData("::1:9700", "an IPv6 address goes in brackets")]
    [InlineData("[::1]:", "is not a port number")]
    [InlineData("[::1]:70000", "is not a port number")]
    [InlineData("[fe80::1%2]:9700", "is not an IPv6 address")]
    [InlineData("[localhost]:9700", "is not an IPv6 address")]
    [InlineData("[::1]9700", "followed by :PORT")]
    [InlineData("[127.0.0.1]:9700", "is not an IPv6 address")]
    [InlineData("[::1", "followed by :PORT")]
    public void RefusesWithOneLineSayingWhatIsExpected(string text, string why)
    {
        Assert.False(ListenEndpoint.TryParse(text, out _, out string error));
        Assert.Contains(why, error);
        Assert.StartsWith($"invalid --metrics-listen '{text}'", error);
        Assert.Contains("expected [ADDRESS:]PORT", error);
        Assert.DoesNotContain('\n', error);
    }
}
