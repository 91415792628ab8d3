using System.Net;

namespace DropWatch.Cli.Exporter;

/// <summary>
/// Serves <c>GET /metrics</c> with the BCL's <see cref="HttpListener"/> (no HTTP parsing of ours).
/// One scrape thread renders into one reused buffer, so concurrent scrapes queue behind each
/// other instead of allocating a page each; a scrape takes well under a millisecond.
/// </summary>
public sealed class MetricsServer : IDisposable
{
    private const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly HttpListener _listener;
    private readonly MetricsPage _page;
    private readonly ExpositionWriter _writer = new();
    private readonly Thread _thread;

    private MetricsServer(HttpListener listener, MetricsPage page)
    {
        _listener = listener;
        _page = page;
        _thread = new Thread(Serve) { IsBackground = true, Name = "metrics" };
    }

    /// <summary>Binds the endpoint (throws <see cref="HttpListenerException"/> when it cannot) and starts serving.</summary>
    public static MetricsServer Start(ListenEndpoint endpoint, MetricsPage page)
    {
        var listener = new HttpListener { IgnoreWriteExceptions = true };
        listener.Prefixes.Add(endpoint.Prefix);
        try
        {
            listener.Start();
        }
        catch
        {
            listener.Close();
            throw;
        }
        var server = new MetricsServer(listener, page);
        server._thread.Start();
        return server;
    }

    private void Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = _listener.GetContext();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }
            try
            {
                Respond(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The scraper went away mid-answer; the next one is served as usual.
            }
        }
    }

    private void Respond(HttpListenerContext context)
    {
        HttpListenerRequest request = context.Request;
        HttpListenerResponse response = context.Response;
        string path = request.Url?.AbsolutePath ?? "/";
        if (request.HttpMethod is not ("GET" or "HEAD"))
        {
            response.StatusCode = 405;
            response.AddHeader("Allow", "GET, HEAD");
            response.Close();
            return;
        }
        if (path != "/metrics")
        {
            response.StatusCode = path == "/" ? 200 : 404;
            byte[] body = path == "/" ? "dropwatch exporter: metrics at /metrics\n"u8.ToArray() : "not found: metrics are at /metrics\n"u8.ToArray();
            response.ContentType = "text/plain; charset=utf-8";
            response.Close(body, willBlock: true);
            return;
        }
        _page.Render(_writer);
        ReadOnlyMemory<byte> page = _writer.Written;
        response.StatusCode = 200;
        response.ContentType = ContentType;
        response.ContentLength64 = page.Length;
        if (request.HttpMethod == "GET")
            response.OutputStream.Write(page.Span);
        response.Close();
    }

    public void Dispose()
    {
        try
        {
            _listener.Stop();
        }
        finally
        {
            _listener.Close();
        }
        _thread.Join(TimeSpan.FromSeconds(2));
    }
}
