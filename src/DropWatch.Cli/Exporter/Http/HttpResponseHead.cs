using System.Globalization;

namespace DropWatch.Cli.Exporter.Http;

/// <summary>Writes a response's status line and headers into a caller's buffer, without allocating.</summary>
public static class HttpResponseHead
{
    /// <summary>Enough for the longest head written here (the 431 line, a Date, a Content-Type and an Allow).</summary>
    public const int MaxLength = 320;

    /// <summary>The head's length in <paramref name="into"/> (at least <see cref="MaxLength"/> bytes).</summary>
    public static int Write(Span<byte> into, int status, ReadOnlySpan<byte> contentType, long contentLength, bool close, DateTime now)
    {
        var w = new SpanCursor(into);
        w.Add("HTTP/1.1 "u8);
        w.Number(status);
        w.Add(" "u8);
        w.Add(Reason(status));
        // RFC 9110 §6.6.1: an origin server with a clock sends Date.
        w.Add("\r\nDate: "u8);
        now.TryFormat(w.Rest, out int dateLength, "r", CultureInfo.InvariantCulture);
        w.Skip(dateLength);
        if (!contentType.IsEmpty)
        {
            w.Add("\r\nContent-Type: "u8);
            w.Add(contentType);
        }
        w.Add("\r\nContent-Length: "u8);
        w.Number(contentLength);
        if (status == 405)
            w.Add("\r\nAllow: GET, HEAD"u8);
        if (close)
            w.Add("\r\nConnection: close"u8);
        w.Add("\r\n\r\n"u8);
        return w.Position;
    }

    public static ReadOnlySpan<byte> Reason(int status) => status switch
    {
        200 => "OK"u8,
        400 => "Bad Request"u8,
        404 => "Not Found"u8,
        405 => "Method Not Allowed"u8,
        413 => "Content Too Large"u8,
        431 => "Request Header Fields Too Large"u8,
        501 => "Not Implemented"u8,
        505 => "HTTP Version Not Supported"u8,
        _ => "Error"u8,
    };

    private ref struct SpanCursor(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;

        public int Position { get; private set; }

        public readonly Span<byte> Rest => _buffer[Position..];

        public void Skip(int n) => Position += n;

        public void Add(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_buffer[Position..]);
            Position += bytes.Length;
        }

        public void Number(long value)
        {
            value.TryFormat(_buffer[Position..], out int n, default, CultureInfo.InvariantCulture);
            Position += n;
        }
    }
}
