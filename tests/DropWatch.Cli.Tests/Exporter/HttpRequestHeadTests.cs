using System.Text;
using DropWatch.Cli.Exporter.Http;

namespace DropWatch.Cli.Tests.Exporter;

/// <summary>The request-head reader on its own: what it accepts, what it refuses, and that it never reads two ways.</summary>
public class HttpRequestHeadTests
{
    private static HeadStatus Parse(string text, out HttpRequestHead head, int max = 8192) =>
        HttpRequestHead.Parse(Encoding.Latin1.GetBytes(text), max, out head);

    [Theory]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", RequestMethod.Get, RequestPath.Metrics, true)]
    [InlineData("HEAD /metrics?name[]=x HTTP/1.1\r\nhost:x\r\n\r\n", RequestMethod.Head, RequestPath.Metrics, true)]
    [InlineData("GET / HTTP/1.1\r\nHOST: x\r\nConnection: close\r\n\r\n", RequestMethod.Get, RequestPath.Root, false)]
    [InlineData("GET /metrics/ HTTP/1.1\r\nHost: x\r\n\r\n", RequestMethod.Get, RequestPath.Other, true)]
    [InlineData("GET http://node17:9700/metrics HTTP/1.1\r\nHost: node17:9700\r\n\r\n", RequestMethod.Get, RequestPath.Metrics, true)]
    [InlineData("GET HTTP://node17 HTTP/1.1\r\nHost: node17\r\n\r\n", RequestMethod.Get, RequestPath.Root, true)]
    [InlineData("\r\nGET /metrics HTTP/1.0\r\n\r\n", RequestMethod.Get, RequestPath.Metrics, false)]
    [InlineData("DELETE /metrics HTTP/1.1\r\nHost: x\r\n\r\n", RequestMethod.Other, RequestPath.Metrics, true)]
    [InlineData("get /metrics HTTP/1.1\r\nHost: x\r\n\r\n", RequestMethod.Other, RequestPath.Metrics, true)]
    [InlineData("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", RequestMethod.Other, RequestPath.Other, true)]
    [InlineData("GET /metrics HTTP/1.9\r\nHost: x\r\nUser-Agent: Prometheus/2.42.0\r\nX-Prometheus-Scrape-Timeout-Seconds: 10\r\n\r\n", RequestMethod.Get, RequestPath.Metrics, true)]
    public void ReadsWhatTheExporterActsOn(string text, RequestMethod method, RequestPath path, bool keepAlive)
    {
        Assert.Equal(HeadStatus.Complete, Parse(text, out HttpRequestHead head));
        Assert.Equal(method, head.Method);
        Assert.Equal(path, head.Path);
        Assert.Equal(keepAlive, head.KeepAlive);
        Assert.Equal(Encoding.Latin1.GetByteCount(text), head.Length);
    }

    [Fact]
    public void TheHeadEndsAtItsBlankLineAndTheBodyLengthIsKept()
    {
        const string first = "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n";
        Assert.Equal(HeadStatus.Complete, Parse(first + "hello" + "GET / HTTP/1.1\r\n", out HttpRequestHead head));
        Assert.Equal(first.Length, head.Length);
        Assert.Equal(5, head.ContentLength);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r")]
    [InlineData("GE")]
    [InlineData("GET /metr")]
    [InlineData("GET /metrics HTTP/1")]
    [InlineData("GET /metrics HTTP/1.1\r")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\n")]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\n\r")]
    public void APrefixOfAGoodHeadIsIncomplete(string text) => Assert.Equal(HeadStatus.Incomplete, Parse(text, out _));

    [Theory]
    [InlineData("\x16\x03\x01")]
    [InlineData(" GET /")]
    [InlineData("GET /a\tb HTTP/1.1\r\n")]
    [InlineData("GET / HTTP/1.1 \r\n")]
    [InlineData("GET / HTTPS/1.1")]
    [InlineData("GET / HTTP/1.1\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\rEvil: 1\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\nEvil: 1\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\x00\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\n: x\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost x\r\n\r\n")]
    [InlineData("GET metrics HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("GET http:///metrics HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n")]
    public void RefusesWhatCouldBeReadTwoWays(string text) => Assert.Equal(HeadStatus.Malformed, Parse(text, out _));

    [Fact]
    public void TheLimitCountsTheWholeHead()
    {
        string head = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
        Assert.Equal(HeadStatus.Complete, Parse(head, out _, max: head.Length));
        Assert.Equal(HeadStatus.TooLarge, Parse(head, out _, max: head.Length - 1));
        Assert.Equal(HeadStatus.Incomplete, Parse(head[..^1], out _, max: head.Length));
    }

    [Theory]
    [InlineData("GET / HTTP/2.0\r\nHost: x\r\n\r\n", HeadStatus.UnsupportedVersion)]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", HeadStatus.UnsupportedTransferEncoding)]
    public void VersionsAndEncodingsNotServed(string text, HeadStatus status) => Assert.Equal(status, Parse(text, out _));
}
