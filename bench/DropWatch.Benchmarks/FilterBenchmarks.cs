using BenchmarkDotNet.Attributes;
using DropWatch.Cli.Filtering;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.Events;
using DropWatch.Core.Symbols;

namespace DropWatch.Benchmarks;

/// <summary>
/// One compiled filter against one NET_DM-style packet event (reason, ifindex, protocol, a 128-byte
/// IPv4/UDP payload from the MAC header on): the per-event cost the pipeline pays before the alert
/// limit. Header fields are parsed from the payload inside the call, as in the pipeline.
/// </summary>
[MemoryDiagnoser]
public class FilterBenchmarks
{
    private static readonly byte[] Reason = "NO_SOCKET"u8.ToArray();
    private byte[] _payload = [];
    private DropFilter _filter = null!;
    private FilterStage _stage = null!;
    private DropLocation _location;
    private Func<uint, string?> _names = null!;

    [Params("dport == 53", "symbol == \"__udp*\"", "reason == NO_SOCKET && dport in (53, 5353) || src == 10.0.0.0/8", "ifname == lo && !(l4 == tcp)")]
    public string Expression { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _filter = DropFilter.Compile(Expression);
        _location = new DropLocation(true, new SymbolMatch("__udp4_lib_rcv", 0x9a2, null), 0xe80);
        _names = i => i == 1 ? "lo" : null;
        // The pipeline's whole stage: both noise rules on (neither hides this event), then the filter.
        _stage = new FilterStage(new NoiseRules(true, ["sk_stream_kill_*", "tcp_v6_*"])) { User = _filter, InterfaceNames = _names };
        _payload = new byte[128];
        _payload[12] = 0x08; // ethertype IPv4
        _payload[14] = 0x45;
        _payload[23] = 17; // UDP
        _payload[26] = 192; _payload[27] = 0; _payload[28] = 2; _payload[29] = 1; // src 192.0.2.1
        _payload[30] = 127; _payload[33] = 1; // dst 127.0.0.1
        _payload[34] = 0x9c; _payload[35] = 0x40; // sport 40000
        _payload[36] = 0; _payload[37] = 53; // dport 53
    }

    [Benchmark(Description = "filter one packet event")]
    public bool Match() => _filter.Matches(Event(), _location, _names);

    [Benchmark(Description = "filter stage (noise rules + filter) on one packet event")]
    public bool Stage() => _stage.Passes(Event(), _location);

    private DropEvent Event() =>
        new(DropKind.Packet)
        {
            HasOrigin = true,
            HasPc = true,
            Pc = 0xffffffff8d0bcae2,
            HasReason = true,
            Reason = Reason,
            HasIfIndex = true,
            IfIndex = 1,
            HasProtocol = true,
            Protocol = 0x0800,
            HasPayload = true,
            Payload = _payload,
        };
}
