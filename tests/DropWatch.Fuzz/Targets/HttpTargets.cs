using System.Text;
using DropWatch.Cli.Exporter.Http;

namespace DropWatch.Fuzz.Targets;

/// <summary>
/// The exporter's HTTP request-head reader (what any client that can reach the port sends). It may
/// not throw at all, and bytes arriving in pieces must be read the same way as at once: a complete
/// head depends only on its own bytes, a prefix of a good head is never refused, and a head is never
/// left incomplete once the size limit is reached.
/// </summary>
internal static class HttpTargets
{
    private const int MaxHead = 8192;

    public static IEnumerable<FuzzTarget> All()
    {
        yield return new FuzzTarget("http-head", 4, HeadSeeds, ParseHead);
    }

    private static IReadOnlyList<byte[]> HeadSeeds() =>
    [
        .. new[]
        {
            "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:9700\r\nUser-Agent: Prometheus/2.42.0\r\nAccept: application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1\r\nAccept-Encoding: gzip\r\nX-Prometheus-Scrape-Timeout-Seconds: 10\r\n\r\n",
            "HEAD /metrics HTTP/1.0\r\n\r\n",
            "\r\nGET http://node17:9700/metrics?x=1 HTTP/1.1\r\nHost: node17\r\nConnection: keep-alive, close\r\n\r\n",
            "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\nHost: x\r\n\r\n",
            "PUT / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            "GET / HTTP/2.0\r\nHost: x\r\n\r\n",
            "OPTIONS * HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n",
        }.Select(Encoding.Latin1.GetBytes),
    ];

    private static Outcome ParseHead(byte[] input)
    {
        HeadStatus status = HttpRequestHead.Parse(input, MaxHead, out HttpRequestHead head);
        if (status == HeadStatus.Incomplete && input.Length >= MaxHead)
            throw new InvariantException($"incomplete after {input.Length} bytes, beyond the {MaxHead}-byte limit");
        if (status != HeadStatus.Complete)
            return Outcome.Rejected;

        int length = head.Length;
        if (length > Math.Min(input.Length, MaxHead) || length < 4 || !input.AsSpan(length - 4, 4).SequenceEqual("\r\n\r\n"u8))
            throw new InvariantException($"head length {length} does not end at a blank line within the input");
        if (head.ContentLength < 0)
            throw new InvariantException($"negative body length {head.ContentLength}");
        if (HttpRequestHead.Parse(input.AsSpan(0, length), MaxHead, out HttpRequestHead alone) != HeadStatus.Complete || alone != head)
            throw new InvariantException("the head read differently without the bytes after it");

        // Arriving in pieces: every prefix of a good head must be Incomplete, never refused early.
        Span<int> cuts = [0, 1, 2, length / 3, length / 2, length - 4, length - 3, length - 2, length - 1];
        foreach (int cut in cuts)
        {
            if (cut < 0 || cut >= length)
                continue;
            HeadStatus partial = HttpRequestHead.Parse(input.AsSpan(0, cut), MaxHead, out _);
            if (partial != HeadStatus.Incomplete)
                throw new InvariantException($"the first {cut} of {length} head bytes were {partial}, the whole head is Complete");
        }
        return Outcome.Accepted;
    }
}
