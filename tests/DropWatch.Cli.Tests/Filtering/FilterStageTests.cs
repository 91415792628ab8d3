using DropWatch.Cli.Filtering;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;

namespace DropWatch.Cli.Tests.Filtering;

/// <summary>
/// The pipeline's one filter stage: noise rules (protocol-0 purges, --ignore globs) and the user's
/// filter, both before the alert limit, each counted apart for its own report, both reset per session.
/// </summary>
public class FilterStageTests
{
    [Theory]
    [InlineData("tcp_*", "tcp_v4_rcv", true)]
    [InlineData("tcp_*", "__tcp_v4_rcv", false)]
    [InlineData("*_rcv", "tcp_v4_rcv", true)]
    [InlineData("sk_stream_kill_queues", "sk_stream_kill_queues", true)]
    [InlineData("sk_stream_kill_queues", "sk_stream_kill_queue", false)]
    [InlineData("ip?_rcv*", "ip6_rcv_core", true)]
    [InlineData("ip?_rcv*", "ip_rcv", false)]
    [InlineData("*", "", true)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    [InlineData("TCP_*", "tcp_v4_rcv", false)]
    public void GlobsMatchTheSameOverCharsAndBytes(string pattern, string name, bool matches)
    {
        Assert.Equal(matches, Glob.Matches(pattern, name));
        Assert.Equal(matches, Glob.Matches(System.Text.Encoding.UTF8.GetBytes(pattern), System.Text.Encoding.UTF8.GetBytes(name)));
    }

    [Fact]
    public void AnEmptyIgnoreGlobIsRefused() => Assert.Throws<ArgumentException>(() => new NoiseRules(false, [""]));

    [Fact]
    public void NoRulesAskedForMeansNoNoiseStage() => Assert.Null(new FilterStage(new NoiseRules(false, [])).Noise);

    private static (DropPipeline Pipeline, List<string> Seen) Pipeline(NoiseRules? noise, ulong limit, string? filter = null)
    {
        var seen = new List<string>();
        var pipeline = new DropPipeline(new FixedResolver(), new Recorder(seen))
        {
            Filters = new FilterStage(noise) { User = filter is null ? null : DropFilter.Compile(filter) },
        };
        pipeline.Begin(new SessionStart("NET_DM", AlertMode.Packet, Origins.Software, limit, 0), new LossCounters());
        return (pipeline, seen);
    }

    private static void Packet(DropPipeline p, ushort protocol, string kernelSymbol = "kfree_skb_list+0x1/0x10", bool pc = false)
    {
        byte[] sym = System.Text.Encoding.ASCII.GetBytes(kernelSymbol);
        p.OnDrop(new DropEvent(DropKind.Packet)
        {
            HasProtocol = true, Protocol = protocol, HasKernelSymbol = true, KernelSymbol = sym, HasPc = pc, Pc = pc ? 0xffffffff962ac491 : 0,
        });
    }

    [Fact]
    public void ProtocolZeroPacketsAreHiddenBeforeTheLimitCounts()
    {
        var (p, seen) = Pipeline(new NoiseRules(true, []), limit: 2);
        Packet(p, 0);
        Packet(p, 0x0800);
        Packet(p, 0);
        Packet(p, 0x86dd);
        Assert.Equal(2, seen.Count);
        Assert.True(p.LimitReached);
        Assert.Equal(2UL, p.Filters.Hidden);
        Assert.Equal(0UL, p.Filters.Filtered);
    }

    [Fact]
    public void WithoutHidePurgesProtocolZeroIsKept()
    {
        var (p, seen) = Pipeline(new NoiseRules(false, ["nothing_matches"]), limit: 0);
        Packet(p, 0);
        Assert.Single(seen);
        Assert.Equal(0UL, p.Filters.Hidden);
    }

    [Fact]
    public void IgnoreMatchesOurSymbolOrTheKernelsFunctionNameAndRestartsPerSession()
    {
        var (p, seen) = Pipeline(new NoiseRules(false, ["tcp_v4_*", "sk_stream_kill_queues"]), limit: 0);
        Packet(p, 0x0800, pc: true); // FixedResolver: tcp_v4_rcv+0x81
        Packet(p, 0x0800, "sk_stream_kill_queues+0x4c/0x120");
        Packet(p, 0x0800, "sk_stream_kill_queues_not+0x4c/0x120");
        Assert.Equal(["sk_stream_kill_queues_not+0x4c/0x120"], seen);
        Assert.Equal(2UL, p.Filters.Hidden);
        p.Begin(new SessionStart("NET_DM", AlertMode.Packet, Origins.Software, 0, 0), new LossCounters());
        Assert.Equal(0UL, p.Filters.Hidden);
    }

    [Fact]
    public void NoiseIsCountedAsHiddenNotAsFilteredAndTheFilterSeesOnlyWhatNoiseLetThrough()
    {
        // The filter would keep only protocol 0; noise hides those first, so the filter's count is what it alone stopped.
        var (p, seen) = Pipeline(new NoiseRules(true, ["sk_stream_*"]), limit: 0, filter: "proto == 0 || proto == ipv4");
        Packet(p, 0);                                              // noise (purge)
        Packet(p, 0x0800, "sk_stream_kill_queues+0x4c/0x120");     // noise (ignored)
        Packet(p, 0x0800);                                         // kept
        Packet(p, 0x86dd);                                         // filtered
        Packet(p, 0x86dd);                                         // filtered
        Assert.Single(seen);
        Assert.Equal(2UL, p.Filters.Hidden);
        Assert.Equal(2UL, p.Filters.Filtered);
        Assert.Equal(2UL, p.Filters.FilteredIfAny);
        p.Filters.User = null;
        Assert.Null(p.Filters.FilteredIfAny);
    }

    [Fact]
    public void ASummaryEntryCountsItsDrops()
    {
        var (p, seen) = Pipeline(null, limit: 0, filter: "symbol == __udp*");
        p.OnDrop(new DropEvent(DropKind.SoftwareSummary) { HasPc = true, Pc = 0xffffffff962ac491, Count = 40 });
        p.OnDrop(new DropEvent(DropKind.SoftwareSummary) { HasPc = true, Pc = 0xffffffff96300010, Count = 3 });
        Assert.Single(seen);
        Assert.Equal(40UL, p.Filters.Filtered);
    }

    [Fact]
    public void PassingADropAllocatesNothing()
    {
        var (p, _) = Pipeline(new NoiseRules(true, ["sk_stream_*", "tcp_v6_*"]), limit: 0, filter: "symbol == tcp_* && proto == ipv4");
        for (int i = 0; i < 100; i++)
            Packet(p, 0x0800, pc: true);
        byte[] sym = "sk_stream_kill_queues+0x4c/0x120"u8.ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            var drop = new DropEvent(DropKind.Packet) { HasProtocol = true, Protocol = 0x0800, HasPc = true, Pc = 0xffffffff962ac491 };
            p.Filters.Passes(drop, new DropLocation(true, new Core.Symbols.SymbolMatch("tcp_v4_rcv", 0x81, null), 0x4f0));
            var noisy = new DropEvent(DropKind.Packet) { HasProtocol = true, Protocol = 0x0800, HasKernelSymbol = true, KernelSymbol = sym };
            p.Filters.Passes(noisy, DropLocation.None);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1000UL, p.Filters.Hidden);
    }

    private sealed class Recorder(List<string> seen) : IDropSink
    {
        public void OnSessionStarted(in SessionStart start) { }
        public void OnDrop(in DropEvent drop, in DropLocation location) =>
            seen.Add(location.Resolved ? location.Symbol.Name : System.Text.Encoding.ASCII.GetString(drop.KernelSymbol));
        public void OnSessionEnded(in SessionEnd end) { }
    }
}
