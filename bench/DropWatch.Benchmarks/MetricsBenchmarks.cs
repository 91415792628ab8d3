using BenchmarkDotNet.Attributes;
using DropWatch.Cli.Exporter;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Symbols;
using DropWatch.Netlink.Wire;
using DropWatch.Testing;

namespace DropWatch.Benchmarks;

/// <summary>
/// The exporter's hot path: decode a NET_DM alert and count it in <see cref="DropMetrics"/>
/// through the real <see cref="DropPipeline"/> (a packet alert whose location comes from the
/// kernel's own symbol text and whose reason is interned; a 64-point summary with every location
/// resolved), and one render of <c>/metrics</c> with 200 series.
/// </summary>
[MemoryDiagnoser]
public class MetricsBenchmarks
{
    private const ushort Family = 0x1c;
    private const int Points = 64;
    private byte[] _packet = [];
    private byte[] _summary = [];
    private DropPipeline _packets = null!;
    private DropPipeline _summaries = null!;
    private MetricsPage _page = null!;
    private readonly ExpositionWriter _writer = new();

    private sealed class EveryAddress : ISymbolResolver
    {
        private readonly string[] _names = Enumerable.Range(0, Points).Select(i => $"function_{i}").ToArray();
        public string MethodName => "bench";

        public bool TryResolve(ulong address, out SymbolMatch match)
        {
            match = new SymbolMatch(_names[(address / 64) % Points], address % 64, null);
            return true;
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        _packet = KernelMessages.SoftwarePacketAlert(Family, 0xffffffff8a1b2c3d, "__udp4_lib_rcv+0x9f/0xb80",
            1_700_000_000_123_456_789, reason: "NO_SOCKET", ifIndex: 1, payloadLength: 128);
        _summary = KernelMessages.SummaryAlert(Family,
            Enumerable.Range(0, Points).Select(i => (0xffffffff81000000UL + (ulong)i * 64, (uint)i + 1)).ToArray());
        var packetMetrics = new DropMetrics();
        _packets = new DropPipeline(NullResolver.Instance, packetMetrics);
        _summaries = new DropPipeline(new EveryAddress(), new DropMetrics());
        var start = new SessionStart("bench", AlertMode.Packet, Origins.None, 0, 0);
        _packets.Begin(start, new LossCounters());
        _summaries.Begin(start, new LossCounters());

        // A page with the default bound full: 199 functions and their fold.
        var full = new DropMetrics();
        for (int i = 0; i < 400; i++)
            full.Drops.Add(new SeriesLabels("software", $"function_{i}", "NO_SOCKET"), i);
        _page = new MetricsPage(full, new ExporterState("NET_DM"), "0.1.0");
        Decode(_packet, _packets);
        Decode(_summary, _summaries);
    }

    [Benchmark(Description = "decode + count, one packet alert (kernel symbol text, reason)")]
    public ulong PacketCounted() => Decode(_packet, _packets);

    [Benchmark(Description = "decode + count, per summary entry (64-point datagram)", OperationsPerInvoke = Points)]
    public ulong SummaryCounted() => Decode(_summary, _summaries);

    [Benchmark(Description = "render /metrics, 200 drop series")]
    public int Render()
    {
        _page.Render(_writer);
        return _writer.Written.Length;
    }

    private static ulong Decode(byte[] datagram, DropPipeline pipeline)
    {
        var r = new MessageReader(datagram);
        while (r.TryRead(out NetlinkMessage m))
            AlertDecoder.Dispatch(m, Family, pipeline);
        return pipeline.Records;
    }
}
