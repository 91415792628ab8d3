using System.Net;
using System.Net.Sockets;
using DropWatch.Cli.Exporter;

namespace DropWatch.Cli.Tests.Exporter;

/// <summary>The HTTP side on real sockets: what a scraper, a browser and a wrong request get.</summary>
public class MetricsServerTests
{
    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
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
    public void APortInUseIsAnHttpListenerException()
    {
        using MetricsServer first = Start("127.0.0.1", out int port);
        Assert.True(ListenEndpoint.TryParse($"127.0.0.1:{port}", out ListenEndpoint same, out _));
        // Across processes the text is the socket's ("Address already in use"); within one, HttpListener's own.
        var e = Assert.Throws<HttpListenerException>(() => MetricsServer.Start(same, new MetricsPage(new DropMetrics(), new ExporterState("x"), "v")));
        Assert.False(string.IsNullOrEmpty(e.Message));
    }

    [Fact]
    public async Task AfterDisposeNothingListens()
    {
        MetricsServer server = Start("127.0.0.1", out int port);
        server.Dispose();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => Send(HttpMethod.Get, $"http://127.0.0.1:{port}/metrics"));
    }
}
