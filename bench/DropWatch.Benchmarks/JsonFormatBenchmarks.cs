using BenchmarkDotNet.Attributes;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Symbols;
using DropWatch.Netlink.Wire;
using DropWatch.Testing;

namespace DropWatch.Benchmarks;

/// <summary>
/// Decode + write one JSON Lines object per event through the real <see cref="DropPipeline"/> and
/// <see cref="JsonLinesSink"/> into an <see cref="OutputBuffer"/> over <see cref="Stream.Null"/>: a packet
/// alert (reason, in-port, timestamp, 128-byte payload, without and with <c>--payload</c>), and a
/// 64-point summary datagram per line.
/// </summary>
[MemoryDiagnoser]
public class JsonFormatBenchmarks
{
    private const ushort Family = 0x1c;
    private const int Points = 64;
    private byte[] _packet = [];
    private byte[] _summary = [];
    private DropPipeline _json = null!;

    [Params(false, true)]
    public bool Payload { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _packet = KernelMessages.SoftwarePacketAlert(Family, 0xffffffff8a1b2c3d, "__udp4_lib_rcv+0x9f/0xb80",
            1_700_000_000_123_456_789, reason: "NO_SOCKET", ifIndex: 1, payloadLength: 128);
        _summary = KernelMessages.SummaryAlert(Family,
            Enumerable.Range(0, Points).Select(i => (0xffffffff81000000UL + (ulong)i * 64, (uint)i + 1)).ToArray());
        _json = new DropPipeline(NullResolver.Instance, new JsonLinesSink(new OutputBuffer(Stream.Null), Payload));
        _json.Begin(new SessionStart("bench", AlertMode.Packet, Origins.None, 0, 0), new LossCounters());
    }

    [Benchmark(Description = "decode + JSON line, one packet alert")]
    public ulong PacketLine() => Decode(_packet);

    [Benchmark(Description = "decode + JSON line, per summary entry (64-point datagram)", OperationsPerInvoke = Points)]
    public ulong SummaryLine() => Decode(_summary);

    private ulong Decode(byte[] datagram)
    {
        var r = new MessageReader(datagram);
        while (r.TryRead(out NetlinkMessage m))
            AlertDecoder.Dispatch(m, Family, _json);
        return _json.Records;
    }
}
