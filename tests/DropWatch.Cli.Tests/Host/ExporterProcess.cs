using System.Diagnostics;
using System.Text;

namespace DropWatch.Cli.Tests.Host;

/// <summary>`dropwatch --metrics-listen` as a real process on the host's tracepoint source, its stderr collected.</summary>
internal sealed class ExporterProcess : IDisposable
{
    private readonly StringBuilder _stderr = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public Process Process { get; }
    public int Port { get; }

    public ExporterProcess(params string[] extra) : this(false, extra)
    {
    }

    /// <summary>
    /// Started by a shell that ignores SIGINT and SIGQUIT first, as a shell does for background
    /// jobs (and as a service manager may pass on): the exporter must still answer them.
    /// </summary>
    public static ExporterProcess StartedIgnoringInterrupts(params string[] extra) => new(true, extra);

    private ExporterProcess(bool ignoringInterrupts, string[] extra)
    {
        Port = PrometheusServer.FreeTcpPort();
        var info = new ProcessStartInfo(ignoringInterrupts ? "/bin/sh" : "dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        if (ignoringInterrupts)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("trap '' INT QUIT; exec dotnet \"$@\"");
            info.ArgumentList.Add("sh");
        }
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dropwatch.dll"));
        info.ArgumentList.Add("--metrics-listen");
        info.ArgumentList.Add($"127.0.0.1:{Port}");
        foreach (string a in extra)
            info.ArgumentList.Add(a);
        Process = Process.Start(info)!;
        Process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                lock (_stderr) _stderr.Append(e.Data).Append('\n');
        };
        Process.BeginErrorReadLine();
    }

    public string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    public void WaitForLog(string text, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!Stderr.Contains(text) && !Process.HasExited && DateTime.UtcNow < deadline)
            Thread.Sleep(50);
        Assert.True(Stderr.Contains(text), $"no '{text}' in the exporter's log:\n{Stderr}");
    }

    public string Scrape() => _http.GetStringAsync($"http://127.0.0.1:{Port}/metrics").Result;

    /// <summary>Sum of the samples of <paramref name="metric"/> whose label text contains <paramref name="labelPart"/>.</summary>
    public static double Sum(string page, string metric, string labelPart = "") =>
        page.Split('\n')
            .Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) || l.StartsWith(metric + " ", StringComparison.Ordinal))
            .Where(l => l.Contains(labelPart, StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    public static int Series(string page, string metric) =>
        page.Split('\n').Count(l => l.StartsWith(metric + "{", StringComparison.Ordinal));

    public void Dispose()
    {
        if (!Process.HasExited)
            Process.Kill(entireProcessTree: true);
        Process.Dispose();
        _http.Dispose();
    }
}
