using System.Text;
using DropWatch.Cli.Exporter;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Core.Symbols;

namespace DropWatch.Cli.Tests.Exporter;

public class ExpositionTests
{
    private static string Render(DropMetrics metrics, ExporterState state)
    {
        var w = new ExpositionWriter();
        new MetricsPage(metrics, state, "1.2.3").Render(w);
        return Encoding.UTF8.GetString(w.Written.Span);
    }

    private static void Packet(DropMetrics m, string? function, string? reason, string? kernelSymbol = null)
    {
        var drop = new DropEvent(DropKind.Packet) { HasOrigin = true, Origin = DropOrigin.Software, HasPc = true, Pc = 0x1000 };
        if (reason is not null)
        {
            drop.HasReason = true;
            drop.Reason = Encoding.ASCII.GetBytes(reason);
        }
        if (kernelSymbol is not null)
        {
            drop.HasKernelSymbol = true;
            drop.KernelSymbol = Encoding.ASCII.GetBytes(kernelSymbol);
        }
        DropLocation at = function is null ? DropLocation.None : new DropLocation(true, new SymbolMatch(function, 0x9a, null), 0x400);
        m.OnDrop(drop, at);
    }

    [Fact]
    public void WholePageGolden()
    {
        var m = new DropMetrics(maxSeries: 3);
        Packet(m, "__udp4_lib_rcv", "NO_SOCKET");
        Packet(m, "__udp4_lib_rcv", "NO_SOCKET");
        Packet(m, null, "NOT_SPECIFIED", kernelSymbol: "tcp_v4_rcv+0x81/0x1000"); // the kernel's own text, offset cut
        Packet(m, "ip_rcv_core", "IP_CSUM");                                       // past the bound: folded
        var summary = new DropEvent(DropKind.SoftwareSummary) { HasPc = true, Pc = 1, Count = 40 };
        m.OnDrop(summary, new DropLocation(true, new SymbolMatch("kfree_skb_list_reason", 0, null), 0x100)); // no reason, no room: unlabelled
        var hw = new DropEvent(DropKind.HardwareSummary) { HasTrapName = true, TrapName = "blackhole_route"u8, Count = 7 };
        m.OnDrop(hw, DropLocation.None);

        var state = new ExporterState("NET_DM") { Monitoring = true };
        var losses = new LossCounters { SocketOverruns = 2, RingLostEvents = 0, FullSummaryTables = 1 };
        state.PublishLosses(losses);

        Assert.Equal("""
            # HELP dropwatch_drops_total Packets the kernel dropped, by origin, function (location, without offset) and drop reason. At most the configured number of series; later locations are counted as location="other".
            # TYPE dropwatch_drops_total counter
            dropwatch_drops_total{origin="software",location="__udp4_lib_rcv",reason="NO_SOCKET"} 2
            dropwatch_drops_total{origin="software",location="tcp_v4_rcv",reason="NOT_SPECIFIED"} 1
            dropwatch_drops_total{origin="software",location="other",reason="IP_CSUM"} 1
            # HELP dropwatch_drops_unlabelled_total Drops counted without labels because the series bound left no room even for their location="other" series.
            # TYPE dropwatch_drops_unlabelled_total counter
            dropwatch_drops_unlabelled_total 40
            # HELP dropwatch_hardware_drops_total Packets dropped by hardware (devlink traps), by trap group and trap.
            # TYPE dropwatch_hardware_drops_total counter
            dropwatch_hardware_drops_total{trap_group="",trap="blackhole_route"} 7
            # HELP dropwatch_events_lost_total Drop events that never reached the counters, by cause (summary_cap counts summaries that hit the kernel's 64-location cap, not drops).
            # TYPE dropwatch_events_lost_total counter
            dropwatch_events_lost_total{cause="socket"} 2
            dropwatch_events_lost_total{cause="kernel_queue"} 0
            dropwatch_events_lost_total{cause="ring"} 0
            dropwatch_events_lost_total{cause="summary_cap"} 1
            dropwatch_events_lost_total{cause="truncated"} 0
            dropwatch_events_lost_total{cause="malformed"} 0
            # HELP dropwatch_monitoring 1 while this exporter has the kernel monitoring drops for it, else 0.
            # TYPE dropwatch_monitoring gauge
            dropwatch_monitoring 1
            # HELP dropwatch_monitor_owned_elsewhere 1 while another client holds the kernel's drop monitor: its alerts are counted passively until this exporter can take the monitor over.
            # TYPE dropwatch_monitor_owned_elsewhere gauge
            dropwatch_monitor_owned_elsewhere 0
            # HELP dropwatch_monitor_restarts_total Times monitoring was started again after another client turned it off.
            # TYPE dropwatch_monitor_restarts_total counter
            dropwatch_monitor_restarts_total 0
            # HELP dropwatch_source_info The drop source in use.
            # TYPE dropwatch_source_info gauge
            dropwatch_source_info{source="NET_DM"} 1
            # HELP dropwatch_build_info The dropwatch build.
            # TYPE dropwatch_build_info gauge
            dropwatch_build_info{version="1.2.3"} 1

            """.ReplaceLineEndings("\n"), Render(m, state));
    }

    [Fact]
    public void LabelValuesEscapeBackslashQuoteAndNewline()
    {
        var w = new ExpositionWriter();
        w.Sample("m", "l", "a\\b\"c\nd é", null, "", null, "", 3);
        Assert.Equal("m{l=\"a\\\\b\\\"c\\nd é\"} 3\n", Encoding.UTF8.GetString(w.Written.Span));
    }

    [Fact]
    public void HelpEscapesBackslashAndNewlineButNotQuotes()
    {
        var w = new ExpositionWriter();
        w.Family("m", "counter", "say \"x\"\\\nnext");
        Assert.Equal("# HELP m say \"x\"\\\\\\nnext\n# TYPE m counter\n", Encoding.UTF8.GetString(w.Written.Span));
    }

    [Fact]
    public void ReasonBytesWithQuotesFromTheKernelAreEscapedInThePage()
    {
        var m = new DropMetrics();
        Packet(m, "f", "BAD\"NAME\\");
        string page = Render(m, new ExporterState("x"));
        Assert.Contains("dropwatch_drops_total{origin=\"software\",location=\"f\",reason=\"BAD\\\"NAME\\\\\"} 1\n", page);
    }

    [Fact]
    public void ARenderReusesItsBufferAndStartsAfresh()
    {
        var m = new DropMetrics();
        var w = new ExpositionWriter();
        var page = new MetricsPage(m, new ExporterState("x"), "v");
        page.Render(w);
        int first = w.Written.Length;
        page.Render(w);
        Assert.Equal(first, w.Written.Length);
    }
}
