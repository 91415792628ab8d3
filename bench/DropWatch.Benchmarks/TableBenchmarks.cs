using BenchmarkDotNet.Attributes;
using DropWatch.Cli.Pipeline;
using DropWatch.Cli.Table;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Core.Symbols;

namespace DropWatch.Benchmarks;

/// <summary>
/// One drop added to the drop table at a key it already has (the steady state of a session): key built
/// from the event, reason interned, dictionary hit, counts and rate ring updated. 64 keys in turn
/// (16 locations × 4 reasons), so lookups are not all the same bucket. Must allocate 0 B.
/// </summary>
[MemoryDiagnoser]
public class TableBenchmarks
{
    private const int Keys = 64;
    private static readonly byte[][] Reasons = ["NO_SOCKET"u8.ToArray(), "TCP_CSUM"u8.ToArray(), "NOT_SPECIFIED"u8.ToArray(), "OTHERHOST"u8.ToArray()];
    private readonly DropLocation[] _locations = new DropLocation[16];
    private DropTable _table = null!;

    [GlobalSetup]
    public void Setup()
    {
        for (int i = 0; i < _locations.Length; i++)
            _locations[i] = new DropLocation(true, new SymbolMatch("function_" + i, (ulong)i * 16, null), 0x200);
        _table = new DropTable(DropPipeline.NowNs);
        _table.Begin(new SessionStart("bench", AlertMode.Packet, Origins.Software, 0, 0));
        for (int i = 0; i < Keys; i++)
            Add(i);
    }

    [Benchmark(Description = "drop table: add one packet drop at a known key", OperationsPerInvoke = Keys)]
    public ulong AddKnownKey()
    {
        for (int i = 0; i < Keys; i++)
            Add(i);
        return _table.Total;
    }

    private void Add(int i)
    {
        var drop = new DropEvent(DropKind.Packet)
        {
            HasOrigin = true, Origin = DropOrigin.Software, HasPc = true, Pc = 0xffffffff81000000UL + (ulong)(i % 16) * 0x100,
            HasReason = true, Reason = Reasons[i / 16], HasIfIndex = true, IfIndex = 1, HasProtocol = true, Protocol = 0x0800,
        };
        _table.Add(drop, _locations[i % 16]);
    }
}
