using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace DropWatch.Cli.Tests.Host;

/// <summary>
/// A real Prometheus server (Debian's <c>prometheus</c> package) for one test: its own temporary
/// config and storage, a free port on 127.0.0.1, scraping one target every second.
/// </summary>
internal sealed class PrometheusServer : IDisposable
{
    private readonly Process _process;
    private readonly string _dir;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static string? Missing =>
        File.Exists("/usr/bin/prometheus") && File.Exists("/usr/bin/promtool")
            ? null
            : "needs Debian's prometheus package (/usr/bin/prometheus, /usr/bin/promtool): apt-get install prometheus";

    public int Port { get; }

    public PrometheusServer(string target)
    {
        _dir = Directory.CreateTempSubdirectory("dropwatch-prometheus-").FullName;
        Port = FreeTcpPort();
        File.WriteAllText(Path.Combine(_dir, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: dropwatch
                static_configs:
                  - targets: ['{target}']
            """);
        var info = new ProcessStartInfo("/usr/bin/prometheus") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add($"--config.file={Path.Combine(_dir, "prometheus.yml")}");
        info.ArgumentList.Add($"--storage.tsdb.path={Path.Combine(_dir, "data")}");
        info.ArgumentList.Add($"--web.listen-address=127.0.0.1:{Port}");
        _process = Process.Start(info)!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (_http.GetAsync($"http://127.0.0.1:{Port}/-/ready").Result.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (AggregateException)
            {
            }
            Thread.Sleep(200);
        }
        throw new TimeoutException("prometheus did not become ready in 60 s");
    }

    /// <summary>The value of an instant query that returns one sample, or null when it returns none.</summary>
    public double? Query(string promql)
    {
        string json = _http.GetStringAsync($"http://127.0.0.1:{Port}/api/v1/query?query={Uri.EscapeDataString(promql)}").Result;
        using JsonDocument doc = JsonDocument.Parse(json);
        JsonElement data = doc.RootElement.GetProperty("data");
        JsonElement result = data.GetProperty("result");
        if (result.GetArrayLength() == 0)
            return null;
        string value = result[0].GetProperty("value")[1].GetString()!;
        return double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Polls <paramref name="promql"/> until it returns <paramref name="expected"/> (scrapes are 1 s apart); returns the last value.</summary>
    public double? WaitFor(string promql, double expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        double? last;
        do
        {
            last = Query(promql);
            if (last == expected)
                return last;
            Thread.Sleep(250);
        } while (DateTime.UtcNow < deadline);
        return last;
    }

    public static int FreeTcpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
