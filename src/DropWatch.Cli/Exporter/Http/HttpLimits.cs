namespace DropWatch.Cli.Exporter.Http;

/// <summary>
/// The bounds that keep one hostile or broken client from costing the others their scrapes:
/// how many connections are open at once, how long a request head and a response may take, how
/// large a head and a discarded body may be.
/// </summary>
public sealed record HttpLimits
{
    /// <summary>Open connections at most; beyond it the longest-idle (else the oldest) one is dropped.</summary>
    public int MaxConnections { get; init; } = 32;

    /// <summary>Bytes of request line and headers at most (larger: 431).</summary>
    public int MaxHeadBytes { get; init; } = 8 * 1024;

    /// <summary>A request body longer than this is refused (413) instead of read and discarded.</summary>
    public long MaxBodyBytes { get; init; } = 64 * 1024;

    /// <summary>From a connection's first byte (or its accept) to its complete head, and for a body to arrive.</summary>
    public int HeadTimeoutMs { get; init; } = 10_000;

    /// <summary>A kept-alive connection may wait this long for its next request (Prometheus scrapes every 15–60 s).</summary>
    public int IdleTimeoutMs { get; init; } = 120_000;

    /// <summary>From a page's rendering (or a response's start) until every byte of it has been taken by the client.</summary>
    public int SendTimeoutMs { get; init; } = 10_000;

    /// <summary>After a response that closes, how long unread input is drained so the close does not reset the response.</summary>
    public int LingerMs { get; init; } = 2_000;
}
