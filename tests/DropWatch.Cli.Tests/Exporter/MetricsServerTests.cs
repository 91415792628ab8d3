using System.Net;
using System.Net.Sockets;
using DropWatch.Cli.Exporter;
using DropWatch.Cli.Exporter.Http;

namespace DropWatch.Cli.Tests.Exporter;

/// <summary>The HTTP side on real sockets: what a scraper, a browser and a wrong request get.</summary>
public class MetricsServerTests
{
    // Free on both loopbacks, so [::] (dual-stack) can take it too.
    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
        probe.Bind(new IPEndPoint(IPAddress.IPv6Any, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private static MetricsServer Start(string address, out int port)
    {
        port = FreePort();
        Assert.True(ListenEndpoint.TryParse($"{address}:{port}", out ListenEndpoint endpoint, out string error), error);
        var metrics = new DropMetrics();
        metrics.Drops.Add(new SeriesLabels("software", "f", "NO_SOCKET"), 3);
        return MetricsServer.Start(endpoint, new MetricsPage(metrics, new ExporterState("NET_DM"), "v"));
    }

    private static async Task<HttpResponseMessage> Send(HttpMethod method, string url, string? host = null)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var request = new HttpRequestMessage(method, url);
        if (host is not null)
            request.Headers.Host = host;
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task ServesThePageWithThePrometheusContentType()
    {
        using MetricsServer server = Start("127.0.0.1", out int port);
        HttpResponseMessage r = await Send(HttpMethod.Get, $"http://127.0.0.1:{port}/metrics");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", r.Content.Headers.ContentType!.ToString());
        string body = await r.Content.ReadAsStringAsync();
        Assert.Contains("dropwatch_drops_total{origin=\"software\",location=\"f\",reason=\"NO_SOCKET\"} 3\n", body);
        Assert.Equal(body.Length, r.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task OtherPathsAndMethodsAreRefused()
    {
        using MetricsServer server = Start("127.0.0.1", out int port);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(HttpMethod.Get, $"http://127.0.0.1:{port}/nope")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, $"http://127.0.0.1:{port}/")).StatusCode);
        HttpResponseMessage head = await Send(HttpMethod.Head, $"http://127.0.0.1:{port}/metrics");
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        HttpResponseMessage delete = await Send(HttpMethod.Delete, $"http://127.0.0.1:{port}/metrics");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.StatusCode);
    }

    [Fact]
    public async Task EveryInterfaceAnswersWhateverNameTheScraperUses()
    {
        using MetricsServer server = Start("0.0.0.0", out int port);
        HttpResponseMessage r = await Send(HttpMethod.Get, $"http://127.0.0.1:{port}/metrics", host: $"node17.example:{port}");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    [Fact]
    public void APortInUseIsAListenExceptionWithTheSystemsReason()
    {
        using MetricsServer first = Start("127.0.0.1", out int port);
        Assert.True(ListenEndpoint.TryParse($"127.0.0.1:{port}", out ListenEndpoint same, out _));
        var e = Assert.Throws<ListenException>(() => MetricsServer.Start(same, new MetricsPage(new DropMetrics(), new ExporterState("x"), "v")));
        Assert.Equal("Address already in use", e.Message);
        Assert.Equal("bind", e.Operation);
    }

    [Fact]
    public async Task ServesOnIPv6Loopback()
    {
        using MetricsServer server = Start("[::1]", out int port);
        HttpResponseMessage r = await Send(HttpMethod.Get, $"http://[::1]:{port}/metrics");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("dropwatch_drops_total{origin=\"software\"", await r.Content.ReadAsStringAsync());
        // Bound to ::1 only: the IPv4 loopback is not served.
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => Send(HttpMethod.Get, $"http://127.0.0.1:{port}/metrics"));
    }

    [Fact]
    public async Task EveryIPv6InterfaceAlsoServesIPv4()
    {
        using MetricsServer server = Start("[::]", out int port);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, $"http://[::1]:{port}/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, $"http://127.0.0.1:{port}/metrics")).StatusCode);
    }

    [Fact]
    public async Task AfterDisposeNothingListens()
    {
        MetricsServer server = Start("127.0.0.1", out int port);
        server.Dispose();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => Send(HttpMethod.Get, $"http://127.0.0.1:{port}/metrics"));
    }
}
