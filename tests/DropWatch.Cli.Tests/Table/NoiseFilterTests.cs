using DropWatch.Cli.Noise;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Core.Symbols;

namespace DropWatch.Cli.Tests.Table;

/// <summary>Noise control: protocol-0 purges, symbol globs, and hiding before the alert limit.</summary>
public class NoiseFilterTests
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
    public void Globs(string pattern, string name, bool matches)
    {
        var glob = new SymbolGlob(pattern);
        Assert.Equal(matches, glob.Matches(name));
        Assert.Equal(matches, glob.Matches(System.Text.Encoding.ASCII.GetBytes(name)));
    }

    [Fact]
    public void AnEmptyGlobIsRefused() => Assert.Throws<ArgumentException>(() => new SymbolGlob(""));

    private static (DropPipeline Pipeline, NoiseFilter Noise, List<string> Seen) Pipeline(NoiseFilter noise, ulong limit)
    {
        var seen = new List<string>();
        var pipeline = new DropPipeline(new FixedResolver(), new Recorder(seen)) { Noise = noise };
        pipeline.Begin(new SessionStart("NET_DM", AlertMode.Packet, Origins.Software, limit, 0), new LossCounters());
        return (pipeline, noise, seen);
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
        var (p, noise, seen) = Pipeline(new NoiseFilter(true, []), limit: 2);
        Packet(p, 0);
        Packet(p, 0x0800);
        Packet(p, 0);
        Packet(p, 0x86dd);
        Assert.Equal(2, seen.Count);
        Assert.True(p.LimitReached);
        Assert.Equal(2UL, noise.Hidden);
    }

    [Fact]
    public void WithoutHidePurgesProtocolZeroIsKept()
    {
        var (p, _, seen) = Pipeline(new NoiseFilter(false, [new SymbolGlob("nothing_matches")]), limit: 0);
        Packet(p, 0);
        Assert.Single(seen);
    }

    [Fact]
    public void IgnoreMatchesOurSymbolOrTheKernelsFunctionName()
    {
        var (p, noise, seen) = Pipeline(new NoiseFilter(false, [new SymbolGlob("tcp_v4_*"), new SymbolGlob("sk_stream_kill_queues")]), limit: 0);
        Packet(p, 0x0800, pc: true); // FixedResolver: tcp_v4_rcv+0x81
        Packet(p, 0x0800, "sk_stream_kill_queues+0x4c/0x120");
        Packet(p, 0x0800, "sk_stream_kill_queues_not+0x4c/0x120");
        Assert.Equal(["sk_stream_kill_queues_not+0x4c/0x120"], seen);
        Assert.Equal(2UL, noise.Hidden);
        p.Begin(new SessionStart("NET_DM", AlertMode.Packet, Origins.Software, 0, 0), new LossCounters());
        Assert.Equal(0UL, noise.Hidden);
    }

    private sealed class Recorder(List<string> seen) : IDropSink
    {
        public void OnSessionStarted(in SessionStart start) { }
        public void OnDrop(in DropEvent drop, in DropLocation location) => seen.Add(System.Text.Encoding.ASCII.GetString(drop.KernelSymbol));
        public void OnSessionEnded(in SessionEnd end) { }
    }
}
