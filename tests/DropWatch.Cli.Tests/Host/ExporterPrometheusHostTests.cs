using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace DropWatch.Cli.Tests.Host;

/// <summary>
/// The exporter on the host kernel's tracepoint source, scraped by a real Prometheus server every
/// second: known drops at four functions (UDP and TCP over IPv4 and IPv6, all to closed ports,
/// all NO_SOCKET) must add up in Prometheus exactly, with a series bound of 4 (3 functions and a
/// fold) holding, and
/// promtool must accept the page. SIGTERM then ends it with status 0.
/// </summary>
[Collection("host kernel")]
public partial class ExporterPrometheusHostTests
{
    private const int Udp4 = 300, Udp6 = 200, Tcp = 40;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [PrometheusFact]
    public void PrometheusCountsTheDropsExactlyWithinTheSeriesBound()
    {
        using var exporter = new ExporterProcess("--source", "tracepoint", "-l", "kas", "--metrics-max-series", "4");
        exporter.WaitForLog("monitoring drops with tracepoint skb:kfree_skb (packet mode)");
        using var prometheus = new PrometheusServer($"127.0.0.1:{exporter.Port}");
        Assert.Equal(1, prometheus.WaitFor("up{job=\"dropwatch\"}", 1, TimeSpan.FromSeconds(30)));

        // Drops other software made on this machine before we start are not ours.
        double before = ExporterProcess.Sum(exporter.Scrape(), "dropwatch_drops_total", "reason=\"NO_SOCKET\"");
        SendUdp(IPAddress.Loopback, Udp4);
        SendUdp(IPAddress.IPv6Loopback, Udp6);
        ConnectTcp(IPAddress.Loopback, Tcp);
        ConnectTcp(IPAddress.IPv6Loopback, Tcp);
        double expected = before + Udp4 + Udp6 + 2 * Tcp;

        Assert.Equal(expected, prometheus.WaitFor("sum(dropwatch_drops_total{reason=\"NO_SOCKET\"})", expected, TimeSpan.FromSeconds(30)));
        Assert.True(prometheus.Query("count(dropwatch_drops_total)") <= 4);

        string page = exporter.Scrape();
        Assert.True(ExporterProcess.Series(page, "dropwatch_drops_total") <= 4, page);
        Assert.Contains("location=\"other\",reason=\"NO_SOCKET\"", page); // four functions, three own series: folded
        Assert.Contains("dropwatch_source_info{source=\"tracepoint skb:kfree_skb\"} 1\n", page);
        Assert.Contains("dropwatch_monitoring 1\n", page);
        Assert.Contains("dropwatch_events_lost_total{cause=\"ring\"} 0\n", page);
        PromtoolAccepts(page);

        Assert.Equal(0, Kill(exporter.Process.Id, 15));
        Assert.True(exporter.Process.WaitForExit(20_000), "exporter still running 20 s after SIGTERM");
        Assert.Equal(0, exporter.Process.ExitCode);
        Assert.Contains("stopped monitoring", exporter.Stderr);
    }

    private static void PromtoolAccepts(string page)
    {
        var info = new ProcessStartInfo("/usr/bin/promtool") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("check");
        info.ArgumentList.Add("metrics");
        using Process p = Process.Start(info)!;
        p.StandardInput.Write(page);
        p.StandardInput.Close();
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(30_000));
        Assert.True(p.ExitCode == 0, $"promtool check metrics: {output}");
    }

    private static void SendUdp(IPAddress to, int count)
    {
        using var probe = new Socket(to.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(to, 0));
        var closed = (IPEndPoint)probe.LocalEndPoint!;
        probe.Close();
        using var s = new Socket(to.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        byte[] payload = new byte[32];
        for (int i = 0; i < count; i++)
            s.SendTo(payload, closed);
    }

    // Each SYN to a closed port is dropped once (NO_SOCKET, in tcp_v4_rcv / tcp_v6_rcv); the RST ends connect() at once.
    private static void ConnectTcp(IPAddress to, int count)
    {
        using var probe = new Socket(to.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(to, 0));
        var closed = (IPEndPoint)probe.LocalEndPoint!;
        probe.Close();
        for (int i = 0; i < count; i++)
        {
            using var s = new Socket(to.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            Assert.Throws<SocketException>(() => s.Connect(closed));
        }
    }
}
