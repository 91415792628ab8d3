using System.Text;

namespace DropWatch.Cli.Exporter.Http;

/// <summary>What reading the start of a connection's input found.</summary>
public enum HeadStatus
{
    /// <summary>No complete head yet and nothing wrong so far: read more.</summary>
    Incomplete,
    Complete,
    /// <summary>Not HTTP/1.x as RFC 9112 writes it: 400, then close.</summary>
    Malformed,
    /// <summary>The head does not end within the limit: 431, then close.</summary>
    TooLarge,
    /// <summary>HTTP/2 or later in an HTTP/1 request line: 505, then close.</summary>
    UnsupportedVersion,
    /// <summary>A Transfer-Encoding (a chunked body we would have to decode): 501, then close.</summary>
    UnsupportedTransferEncoding,
}

public enum RequestMethod { Get, Head, Other }

/// <summary>The paths the exporter tells apart; everything else is <see cref="Other"/>.</summary>
public enum RequestPath { Metrics, Root, Other }

/// <summary>
/// One HTTP/1.x request head, read from bytes without allocating: only what the exporter acts on
/// (method, path, version, whether the connection stays open, the body's length). Strict where
/// leniency lets requests be read two ways (request smuggling): a bare CR or LF, a folded header
/// line, space before the colon, a second Host, two different Content-Lengths or a Content-Length
/// that is not digits are all malformed.
/// </summary>
public readonly record struct HttpRequestHead(RequestMethod Method, RequestPath Path, bool Http11, bool KeepAlive, long ContentLength, int Length)
{
    /// <summary>Longest Content-Length accepted (digits); more would overflow nothing, but is not a scrape.</summary>
    private const int MaxLengthDigits = 15;

    /// <summary>
    /// Reads the head at the start of <paramref name="input"/> (at most <paramref name="maxLength"/>
    /// bytes of it count). A request line that is already complete and wrong is refused before the
    /// rest arrives, so junk is answered at once.
    /// </summary>
    public static HeadStatus Parse(ReadOnlySpan<byte> input, int maxLength, out HttpRequestHead head)
    {
        head = default;
        ReadOnlySpan<byte> window = input.Length > maxLength ? input[..maxLength] : input;
        int start = 0;
        // RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request line.
        while (window.Length - start >= 2 && window[start] == '\r' && window[start + 1] == '\n' && start < 8)
            start += 2;

        int lineEnd = window[start..].IndexOf("\r\n"u8);
        if (lineEnd < 0)
            return CouldStartRequestLine(window[start..]) ? Unfinished(window[start..], input.Length >= maxLength) : HeadStatus.Malformed;
        if (!RequestLine(window.Slice(start, lineEnd), out RequestMethod method, out RequestPath path, out int minor, out HeadStatus lineStatus))
            return lineStatus;

        int end = window[start..].IndexOf("\r\n\r\n"u8);
        if (end < 0)
            return Unfinished(window[(start + lineEnd + 2)..], input.Length >= maxLength);
        end += start;
        int length = end + 4;

        int hosts = 0;
        long contentLength = -1;
        bool close = false, transferEncoding = false;
        ReadOnlySpan<byte> fields = window[(start + lineEnd + 2)..(end + 2)];
        while (!fields.IsEmpty)
        {
            int eol = fields.IndexOf("\r\n"u8);
            if (!Field(fields[..eol], out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value))
                return HeadStatus.Malformed;
            fields = fields[(eol + 2)..];
            if (Ascii.EqualsIgnoreCase(name, "host"u8))
            {
                if (++hosts > 1)
                    return HeadStatus.Malformed;
            }
            else if (Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                if (!Digits(value, out long n) || (contentLength >= 0 && n != contentLength))
                    return HeadStatus.Malformed;
                contentLength = n;
            }
            else if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                transferEncoding = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "connection"u8))
            {
                close |= HasToken(value, "close"u8);
            }
        }
        if (transferEncoding)
            return contentLength >= 0 ? HeadStatus.Malformed : HeadStatus.UnsupportedTransferEncoding;
        bool http11 = minor >= 1;
        // RFC 9112 §3.2: an HTTP/1.1 request without exactly one Host is answered 400.
        if (http11 && hosts == 0)
            return HeadStatus.Malformed;
        head = new HttpRequestHead(method, path, http11, http11 && !close, Math.Max(0, contentLength), length);
        return HeadStatus.Complete;
    }

    private static HeadStatus Unfinished(ReadOnlySpan<byte> sofar, bool full)
    {
        // A CR not followed by LF, or an LF without its CR, will never become a valid head.
        for (int i = 0; i < sofar.Length; i++)
        {
            if (sofar[i] == '\n' && (i == 0 || sofar[i - 1] != '\r'))
                return HeadStatus.Malformed;
            if (sofar[i] == '\r' && i + 1 < sofar.Length && sofar[i + 1] != '\n')
                return HeadStatus.Malformed;
        }
        return full ? HeadStatus.TooLarge : HeadStatus.Incomplete;
    }

    /// <summary>
    /// Whether a request line still being received can become valid: a method token, one space, a
    /// target of visible bytes, one space, a prefix of <c>HTTP/d.d</c>. Lets a TLS handshake or
    /// binary junk be answered 400 at once instead of at the head deadline.
    /// </summary>
    private static bool CouldStartRequestLine(ReadOnlySpan<byte> partial)
    {
        if (partial.SequenceEqual("\r"u8))
            return true; // perhaps an empty line before the request line
        int sp1 = partial.IndexOf((byte)' ');
        if (!IsTokenPrefix(sp1 < 0 ? partial : partial[..sp1]) || sp1 == 0)
            return false;
        if (sp1 < 0)
            return true;
        ReadOnlySpan<byte> rest = partial[(sp1 + 1)..];
        int sp2 = rest.IndexOf((byte)' ');
        foreach (byte b in sp2 < 0 ? rest : rest[..sp2])
        {
            if (b is <= 0x20 or >= 0x7f)
                return false;
        }
        if (sp2 < 0)
            return true;
        if (sp2 == 0)
            return false;
        ReadOnlySpan<byte> version = rest[(sp2 + 1)..];
        ReadOnlySpan<byte> shape = "HTTP/0.0\r"u8;
        if (version.Length > shape.Length)
            return false;
        for (int i = 0; i < version.Length; i++)
        {
            bool ok = shape[i] == '0' ? IsDigit(version[i]) : version[i] == shape[i];
            if (!ok)
                return false;
        }
        return true;
    }

    private static bool IsTokenPrefix(ReadOnlySpan<byte> s) => s.IsEmpty || IsToken(s);

    private static bool RequestLine(ReadOnlySpan<byte> line, out RequestMethod method, out RequestPath path, out int minor, out HeadStatus status)
    {
        method = RequestMethod.Other;
        path = RequestPath.Other;
        minor = 0;
        status = HeadStatus.Malformed;
        int sp1 = line.IndexOf((byte)' ');
        if (sp1 <= 0 || !IsToken(line[..sp1]))
            return false;
        ReadOnlySpan<byte> rest = line[(sp1 + 1)..];
        int sp2 = rest.IndexOf((byte)' ');
        if (sp2 <= 0)
            return false;
        ReadOnlySpan<byte> target = rest[..sp2], version = rest[(sp2 + 1)..];
        if (version.Length != 8 || !version.StartsWith("HTTP/"u8) || !IsDigit(version[5]) || version[6] != '.' || !IsDigit(version[7]))
            return false;
        foreach (byte b in target)
        {
            if (b is <= 0x20 or >= 0x7f)
                return false;
        }
        if (!TargetPath(target, out path))
            return false;
        if (version[5] != '1')
        {
            status = HeadStatus.UnsupportedVersion;
            return false;
        }
        ReadOnlySpan<byte> name = line[..sp1];
        method = name.SequenceEqual("GET"u8) ? RequestMethod.Get : name.SequenceEqual("HEAD"u8) ? RequestMethod.Head : RequestMethod.Other;
        minor = version[7] - '0';
        return true;
    }

    /// <summary>origin-form (<c>/metrics?x</c>), absolute-form (<c>http://host:9700/metrics</c>) or <c>*</c>.</summary>
    private static bool TargetPath(ReadOnlySpan<byte> target, out RequestPath path)
    {
        path = RequestPath.Other;
        if (target.SequenceEqual("*"u8))
            return true;
        if (target[0] != '/')
        {
            int scheme = target.IndexOf("://"u8);
            if (scheme <= 0 || !(Ascii.EqualsIgnoreCase(target[..scheme], "http"u8) || Ascii.EqualsIgnoreCase(target[..scheme], "https"u8)))
                return false;
            ReadOnlySpan<byte> afterAuthority = target[(scheme + 3)..];
            int slash = afterAuthority.IndexOfAny((byte)'/', (byte)'?');
            if (slash == 0)
                return false; // no authority
            target = slash < 0 ? "/"u8 : afterAuthority[slash] == '?' ? "/"u8 : afterAuthority[slash..];
        }
        int query = target.IndexOf((byte)'?');
        ReadOnlySpan<byte> p = query < 0 ? target : target[..query];
        path = p.SequenceEqual("/metrics"u8) ? RequestPath.Metrics : p.SequenceEqual("/"u8) ? RequestPath.Root : RequestPath.Other;
        return true;
    }

    /// <summary><c>name: value</c> with optional whitespace around the value; no obs-fold, no space before the colon.</summary>
    private static bool Field(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        value = default;
        int colon = line.IndexOf((byte)':');
        name = colon < 0 ? default : line[..colon];
        if (colon <= 0 || !IsToken(name))
            return false;
        value = line[(colon + 1)..].Trim(" \t"u8);
        foreach (byte b in value)
        {
            if (b < 0x20 && b != '\t' || b == 0x7f)
                return false;
        }
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> value, out long n)
    {
        n = 0;
        if (value.IsEmpty || value.Length > MaxLengthDigits)
            return false;
        foreach (byte b in value)
        {
            if (!IsDigit(b))
                return false;
            n = n * 10 + (b - '0');
        }
        return true;
    }

    /// <summary>Whether a comma-separated list (<c>Connection: keep-alive, close</c>) holds <paramref name="token"/>.</summary>
    private static bool HasToken(ReadOnlySpan<byte> list, ReadOnlySpan<byte> token)
    {
        foreach (Range r in list.Split((byte)','))
        {
            if (Ascii.EqualsIgnoreCase(list[r].Trim(" \t"u8), token))
                return true;
        }
        return false;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    // RFC 9110 §5.6.2 tchar.
    private static bool IsToken(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty)
            return false;
        foreach (byte b in s)
        {
            bool ok = b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
                || "!#$%&'*+-.^_`|~"u8.Contains(b);
            if (!ok)
                return false;
        }
        return true;
    }
}
