using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DropWatch.Cli.Exporter;
using DropWatch.Cli.Exporter.Http;

namespace DropWatch.Cli.Tests.Exporter;

/// <summary>
/// The exporter's own HTTP/1.1 server on a real loopback socket, one rule of <see cref="HttpLimits"/>
/// or RFC 9112 per test: what a hostile, slow, pipelining or non-reading client gets, and that it
/// never costs another client its scrape.
/// </summary>
public class HttpServerRulesTests
{
    private const string Get = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n";

    private static MetricsServer Start(out int port, HttpLimits? limits = null, int series = 1, string address = "127.0.0.1")
    {
        using (var probe = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true })
        {
            probe.Bind(new IPEndPoint(IPAddress.IPv6Any, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }
        Assert.True(ListenEndpoint.TryParse($"{address}:{port}", out ListenEndpoint endpoint, out string error), error);
        var metrics = new DropMetrics(Math.Max(series * 2, 8));
        for (int i = 0; i < series; i++)
            metrics.Drops.Add(new SeriesLabels("software", $"function_with_a_longish_name_{i}", "NO_SOCKET"), i + 1);
        return MetricsServer.Start(endpoint, new MetricsPage(metrics, new ExporterState("NET_DM"), "v"), limits);
    }

    [Theory]
    [InlineData("GARBAGE\r\n\r\n")]
    [InlineData("GET /metrics\r\n\r\n")]
    [InlineData("GET  /metrics HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("GET /metrics HTTP/1.1\nHost: x\n\n")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost : x\r\n\r\n")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")]
    [InlineData("GET /metrics HTTP/1.1\r\n\r\n")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n")]
    [InlineData("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03")] // a TLS ClientHello: refused before its end
    public void MalformedRequestsAre400AndClose(string request)
    {
        using MetricsServer server = Start(out int port);
        using var client = new RawHttpClient(port);
        client.Send(request);
        RawResponse r = client.Read();
        Assert.Equal(400, r.Status);
        Assert.Equal("close", r.Header("Connection"));
        Assert.True(client.ClosedWithin(5000, out int extra));
        Assert.Equal(0, extra);
    }

    [Fact]
    public void AHeadBeyond8KiBIs431()
    {
        using MetricsServer server = Start(out int port);
        using var client = new RawHttpClient(port);
        client.Send("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Filler: " + new string('a', 9000));
        RawResponse r = client.Read();
        Assert.Equal(431, r.Status);
        Assert.True(client.ClosedWithin(5000, out _));
    }

    [Fact]
    public void AHeadJustUnder8KiBIsServed()
    {
        using MetricsServer server = Start(out int port);
        using var client = new RawHttpClient(port);
        string start = "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Filler: ";
        client.Send(start + new string('a', 8192 - start.Length - 4) + "\r\n\r\n");
        Assert.Equal(200, client.Read().Status);
    }

    [Fact]
    public void ASlowClientDoesNotBlockASecondAndIsDroppedAtItsDeadline()
    {
        using MetricsServer server = Start(out int port, new HttpLimits { HeadTimeoutMs = 2000 });
        using var slow = new RawHttpClient(port);
        slow.Send("GET /metr");
        var timer = Stopwatch.StartNew();
        using (var other = new RawHttpClient(port))
        {
            other.Send(Get);
            RawResponse r = other.Read();
            Assert.Equal(200, r.Status);
        }
        Assert.True(timer.ElapsedMilliseconds < 2000, $"the second client waited {timer.ElapsedMilliseconds} ms");
        Assert.True(slow.ClosedWithin(10_000, out int extra), "the slow client is still connected");
        Assert.Equal(0, extra); // dropped without an answer: it never finished a request
        Assert.True(timer.ElapsedMilliseconds >= 1500, $"dropped after {timer.ElapsedMilliseconds} ms, before its deadline");
    }

    [Fact]
    public void ASilentConnectionIsDroppedAtTheHeadDeadline()
    {
        using MetricsServer server = Start(out int port, new HttpLimits { HeadTimeoutMs = 300 });
        using var silent = new RawHttpClient(port);
        Assert.True(silent.ClosedWithin(10_000, out _));
    }

    [Fact]
    public void KeepAliveServesTwoRequestsOnOneConnection()
    {
        using MetricsServer server = Start(out int port);
        using var client = new RawHttpClient(port);
        client.Send(Get);
        RawResponse first = client.Read();
        client.Send(Get);
        RawResponse second = client.Read();
        Assert.Equal(200, first.Status);
        Assert.Equal(200, second.Status);
        Assert.Null(first.Header("Connection"));
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", second.Header("Content-Type"));
        Assert.Contains("dropwatch_drops_total{origin=\"software\",location=\"function_with_a_longish_name_0\",reason=\"NO_SOCKET\"} 1\n", second.Text);
        Assert.Equal(first.Text, second.Text);
        Assert.NotNull(second.Header("Date"));
    }

    [Fact]
    public void PipelinedRequestsAreAnsweredInOrderAndHeadHasNoBody()
    {
        using MetricsServer server = Start(out int port);
        using var client = new RawHttpClient(port);
        client.Send(Get + "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n" + "HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\n"
            + "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        RawResponse page = client.Read();
        RawResponse missing = client.Read();
        RawResponse head = client.Read(bodyless: true);
        RawResponse root = client.Read();
        Assert.Equal(200, page.Status);
        Assert.Equal(404, missing.Status);
        Assert.Equal("not found: metrics are at /metrics\n", missing.Text);
        Assert.Equal(200, head.Status);
        Assert.Equal(page.Body.Length.ToString(), head.Header("Content-Length"));
        // Had HEAD carried a body, the root's status line would be inside it and this would not parse.
        Assert.Equal(200, root.Status);
        Assert.Equal("dropwatch exporter: metrics at /metrics\n", root.Text);
        Assert.Equal("close", root.Header("Connection"));
        Assert.True(client.ClosedWithin(5000, out int extra));
        Assert.Equal(0, extra);
    }

    [Theory]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, Close\r\n\r\n")]
    [InlineData("GET /metrics HTTP/1.0\r\n\r\n")]
    [InlineData("GET /metrics HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")]
    public void ConnectionCloseAndHttp10CloseAfterTheResponse(string request)
    {
        using MetricsServer server = Start(out int port);
        using var client = new RawHttpClient(port);
        client.Send(request);
        RawResponse r = client.Read();
        Assert.Equal(200, r.Status);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", r.Head + "\r\n");
        Assert.Equal("close", r.Header("Connection"));
        Assert.True(client.ClosedWithin(5000, out int extra));
        Assert.Equal(0, extra);
    }

    [Fact]
    public void OtherMethodsAre405WithAllowAndTheirBodyIsSkipped()
    {
        using MetricsServer server = Start(out int port);
        using var client = new RawHttpClient(port);
        client.Send("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world" + Get);
        RawResponse refused = client.Read();
        Assert.Equal(405, refused.Status);
        Assert.Equal("GET, HEAD", refused.Header("Allow"));
        Assert.Empty(refused.Body);
        Assert.Equal(200, client.Read().Status); // the body was not read as the next request
    }

    [Fact]
    public void ABodyArrivingLaterIsSkippedToo()
    {
        using MetricsServer server = Start(out int port);
        using var client = new RawHttpClient(port);
        client.Send("GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nabc");
        Assert.Equal(200, client.Read().Status);
        Thread.Sleep(100);
        client.Send("def" + Get);
        Assert.Equal(200, client.Read().Status);
    }

    [Theory]
    [InlineData("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n", 413)]
    [InlineData("POST /metrics HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", 501)]
    [InlineData("GET /metrics HTTP/2.0\r\nHost: x\r\n\r\n", 505)]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505)]
    public void BodiesAndVersionsNotServedAreRefusedAndClosed(string request, int status)
    {
        using MetricsServer server = Start(out int port);
        using var client = new RawHttpClient(port);
        client.Send(request);
        RawResponse r = client.Read();
        Assert.Equal(status, r.Status);
        Assert.Equal("close", r.Header("Connection"));
        Assert.True(client.ClosedWithin(5000, out _));
    }

    [Fact]
    public void AClientThatDoesNotReadIsDroppedAndOthersAreServedMeanwhile()
    {
        // A page of ~0.5 MB asked for 400 times without reading: far more than the socket buffers hold.
        using MetricsServer server = Start(out int port, new HttpLimits { SendTimeoutMs = 1500 }, series: 6000);
        using var stuck = new RawHttpClient(port, receiveBuffer: 4096);
        stuck.Send(string.Concat(Enumerable.Repeat(Get, 400)));
        Thread.Sleep(300);
        var timer = Stopwatch.StartNew();
        using (var other = new RawHttpClient(port))
        {
            other.Send(Get);
            RawResponse r = other.Read();
            Assert.Equal(200, r.Status);
            Assert.True(r.Body.Length > 400_000, $"page of {r.Body.Length} bytes");
        }
        Assert.True(timer.ElapsedMilliseconds < 1500, $"the other client waited {timer.ElapsedMilliseconds} ms");
        Thread.Sleep(2500); // past the stuck client's send deadline
        Assert.True(stuck.ClosedWithin(10_000, out int received), "the non-reading client is still connected");
        Assert.True(received < 400 * 400_000, $"{received} bytes: every response was sent");
    }

    [Fact]
    public void BeyondTheConnectionBoundTheLongestIdleIsDropped()
    {
        using MetricsServer server = Start(out int port, new HttpLimits { MaxConnections = 3 });
        var clients = new List<RawHttpClient>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                var c = new RawHttpClient(port);
                clients.Add(c);
                c.Send(Get);
                Assert.Equal(200, c.Read().Status); // now idle, kept alive
                Thread.Sleep(20);
            }
            using var fourth = new RawHttpClient(port);
            fourth.Send(Get);
            Assert.Equal(200, fourth.Read().Status);
            Assert.True(clients[0].ClosedWithin(5000, out _), "the longest-idle connection was kept");
            clients[2].Send(Get);
            Assert.Equal(200, clients[2].Read().Status); // the others were not
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public void AnIdleKeptAliveConnectionIsClosedAfterTheIdleTimeout()
    {
        using MetricsServer server = Start(out int port, new HttpLimits { IdleTimeoutMs = 300 });
        using var client = new RawHttpClient(port);
        client.Send(Get);
        Assert.Equal(200, client.Read().Status);
        Assert.True(client.ClosedWithin(10_000, out _));
    }

    [Fact]
    public void IPv6LoopbackSpeaksTheSameRules()
    {
        using MetricsServer server = Start(out int port, address: "[::1]");
        using var client = new RawHttpClient(port, IPAddress.IPv6Loopback);
        client.Send("GET http://[::1]/metrics?x=1 HTTP/1.1\r\nHost: [::1]\r\n\r\n");
        Assert.Equal(200, client.Read().Status);
        client.Send("DELETE /metrics HTTP/1.1\r\nHost: [::1]\r\n\r\n");
        Assert.Equal(405, client.Read().Status);
    }
}

/// <summary>A scrape allocates nothing on the serving thread, kept alive or on a new connection in a reused slot.</summary>
public class HttpServerAllocationTests
{
    [Fact]
    public void ScrapesAllocateNothingOnceTheSlotsExist()
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }
        Assert.True(ListenEndpoint.TryParse($"{port}", out ListenEndpoint endpoint, out _));
        var metrics = new DropMetrics();
        for (int i = 0; i < 50; i++)
            metrics.Drops.Add(new SeriesLabels("software", $"f{i}", "NO_SOCKET"), i);
        using MetricsServer server = MetricsServer.Start(endpoint, new MetricsPage(metrics, new ExporterState("NET_DM"), "v"));

        void Scrapes(int keptAlive, int fresh)
        {
            using (var client = new RawHttpClient(port))
            {
                for (int i = 0; i < keptAlive; i++)
                {
                    client.Send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
                    Assert.Equal(200, client.Read().Status);
                }
            }
            for (int i = 0; i < fresh; i++)
            {
                using var client = new RawHttpClient(port);
                client.Send("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                Assert.Equal(200, client.Read().Status);
                Assert.True(client.ClosedWithin(5000, out _));
            }
        }

        long Settled()
        {
            long last = -1;
            for (int i = 0; i < 50; i++)
            {
                Thread.Sleep(20);
                long now = server.AllocatedBytes;
                if (now == last)
                    return now;
                last = now;
            }
            return last;
        }

        // First rendering, first slots, lazily initialised runtime paths, and the JIT's tiering up
        // (its one-time allocations land on the calling thread; NativeAOT has none of them).
        Scrapes(40, 5);
        Thread.Sleep(500);
        Scrapes(40, 5);
        long before = Settled();
        Assert.True(before > 0, "the counter saw not even the slots being allocated");
        Scrapes(100, 20);
        long after = Settled();
        Assert.Equal(0, after - before);
    }
}
