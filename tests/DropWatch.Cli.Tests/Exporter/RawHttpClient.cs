using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DropWatch.Cli.Tests.Exporter;

/// <summary>One response as it came off the wire.</summary>
internal sealed record RawResponse(int Status, string Head, byte[] Body)
{
    public string? Header(string name) =>
        Head.Split("\r\n").Skip(1).Where(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            .Select(l => l[(name.Length + 1)..].Trim()).FirstOrDefault();

    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A TCP client that writes exactly the bytes a test gives it and reads responses itself, so
/// malformed, partial, pipelined and never-read requests can be sent (HttpClient sends none of them).
/// </summary>
internal sealed class RawHttpClient : IDisposable
{
    private readonly Socket _socket;
    private readonly List<byte> _pending = [];

    public RawHttpClient(int port, IPAddress? address = null, int? receiveBuffer = null)
    {
        address ??= IPAddress.Loopback;
        _socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 10_000 };
        if (receiveBuffer is { } size)
            _socket.ReceiveBufferSize = size;
        _socket.Connect(new IPEndPoint(address, port));
    }

    public void Send(string text) => _socket.Send(Encoding.ASCII.GetBytes(text));

    public void Send(byte[] bytes) => _socket.Send(bytes);

    /// <summary>The next response; <paramref name="bodyless"/> for the answer to HEAD (Content-Length without a body).</summary>
    public RawResponse Read(bool bodyless = false)
    {
        int end;
        while ((end = IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (!Fill())
                throw new IOException($"connection closed before a complete response head ({_pending.Count} bytes)");
        }
        string head = Encoding.ASCII.GetString(_pending.GetRange(0, end).ToArray());
        _pending.RemoveRange(0, end + 4);
        var response = new RawResponse(int.Parse(head.Split(' ')[1]), head, []);
        int length = bodyless ? 0 : int.Parse(response.Header("Content-Length") ?? "0");
        while (_pending.Count < length)
        {
            if (!Fill())
                throw new IOException("connection closed inside a response body");
        }
        byte[] body = _pending.GetRange(0, length).ToArray();
        _pending.RemoveRange(0, length);
        return response with { Body = body };
    }

    /// <summary>Whether the server closes the connection (end of input or reset) within <paramref name="ms"/>, with no more bytes.</summary>
    public bool ClosedWithin(int ms, out int extraBytes)
    {
        _socket.ReceiveTimeout = ms;
        extraBytes = _pending.Count;
        try
        {
            var buffer = new byte[64 * 1024];
            while (true)
            {
                int n = _socket.Receive(buffer);
                if (n == 0)
                    return true;
                extraBytes += n;
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            return false;
        }
    }

    private bool Fill()
    {
        var buffer = new byte[16 * 1024];
        int n = _socket.Receive(buffer);
        _pending.AddRange(buffer.AsSpan(0, n));
        return n > 0;
    }

    private int IndexOf(ReadOnlySpan<byte> what)
    {
        for (int i = 0; i + what.Length <= _pending.Count; i++)
        {
            int j = 0;
            while (j < what.Length && _pending[i + j] == what[j])
                j++;
            if (j == what.Length)
                return i;
        }
        return -1;
    }

    public void Dispose() => _socket.Dispose();
}
