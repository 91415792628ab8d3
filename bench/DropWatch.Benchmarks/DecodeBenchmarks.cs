using BenchmarkDotNet.Attributes;
using DropWatch.Core.DropMonitor;
using DropWatch.Netlink.Wire;
using DropWatch.Testing;

namespace DropWatch.Benchmarks;

[MemoryDiagnoser]
public class DecodeBenchmarks
{
    private const ushort Family = 0x1c;
    private readonly NullHandler _handler = new();
    private byte[] _summary64 = [];
    private byte[] _packet = [];

    [GlobalSetup]
    public void Setup()
    {
        _summary64 = KernelMessages.SummaryAlert(Family,
            Enumerable.Range(0, 64).Select(i => (0xffffffff81000000UL + (ulong)i * 0x40, (uint)i + 1)).ToArray());
        _packet = KernelMessages.SoftwarePacketAlert(Family, 0xffffffff8a1b2c3d, "__udp4_lib_rcv+0x9f/0xb80",
            1_700_000_000_123_456_789, reason: "NO_SOCKET", ifIndex: 1, payloadLength: 128);
    }

    [Benchmark(Description = "decode summary alert, 64 points")]
    public ulong DecodeSummary64() => Decode(_summary64);

    [Benchmark(Description = "decode software packet alert, reason + 128 B payload")]
    public ulong DecodePacket() => Decode(_packet);

    private ulong Decode(byte[] datagram)
    {
        var r = new MessageReader(datagram);
        while (r.TryRead(out NetlinkMessage m))
            AlertDecoder.Dispatch(m, Family, _handler);
        return _handler.Sum;
    }
}
