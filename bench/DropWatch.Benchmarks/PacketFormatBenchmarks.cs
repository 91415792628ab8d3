using BenchmarkDotNet.Attributes;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Symbols;
using DropWatch.Netlink.Wire;
using DropWatch.Testing;

namespace DropWatch.Benchmarks;

/// <summary>
/// Decode + format one packet-mode block (software alert with reason, in-port, timestamp, 128-byte payload)
/// through the real <see cref="DropPipeline"/> and <see cref="TextSink"/> into an <see cref="OutputBuffer"/> over <see cref="Stream.Null"/>.
/// </summary>
/// <remarks>
/// The timestamp line converts to local time, so the block is measured in UTC and in a zone with daylight
/// saving time: <c>TZ</c> is set in-process and <see cref="TimeZoneInfo.ClearCachedData"/> makes
/// <see cref="TimeZoneInfo.Local"/> pick it up.
/// </remarks>
[MemoryDiagnoser]
public class PacketFormatBenchmarks
{
    private const ushort Family = 0x1c;
    private byte[] _packet = [];
    private DropPipeline _printer = null!;

    [Params("UTC", "Europe/Berlin")]
    public string Zone { get; set; } = "UTC";

    [GlobalSetup]
    public void Setup()
    {
        Environment.SetEnvironmentVariable("TZ", Zone);
        TimeZoneInfo.ClearCachedData();
        if (TimeZoneInfo.Local.Id != Zone)
            throw new InvalidOperationException($"TZ={Zone} gave local zone {TimeZoneInfo.Local.Id}");

        _packet = KernelMessages.SoftwarePacketAlert(Family, 0xffffffff8a1b2c3d, "__udp4_lib_rcv+0x9f/0xb80",
            1_700_000_000_123_456_789, reason: "NO_SOCKET", ifIndex: 1, payloadLength: 128);
        var output = new OutputBuffer(Stream.Null);
        _printer = new DropPipeline(NullResolver.Instance, new TextSink(output));
        _printer.Begin(new SessionStart("bench", AlertMode.Summary, Origins.None, 0, 0), new LossCounters());
    }

    [Benchmark(Description = "decode + format one packet-mode block (with timestamp)")]
    public ulong PacketBlock()
    {
        var r = new MessageReader(_packet);
        while (r.TryRead(out NetlinkMessage m))
            AlertDecoder.Dispatch(m, Family, _printer);
        return _printer.Records;
    }
}
