using BenchmarkDotNet.Attributes;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Symbols;
using DropWatch.Netlink.Wire;
using DropWatch.Testing;

namespace DropWatch.Benchmarks;

/// <summary>
/// Decode + resolve + format into the real <see cref="OutputBuffer"/> (over <see cref="Stream.Null"/>; it
/// flushes when full, as in a session), through the real <see cref="DropPipeline"/> and <see cref="TextSink"/> and a
/// <see cref="KallsymsResolver"/> over this machine's <c>/proc/kallsyms</c>.
/// </summary>
/// <remarks>
/// Decodes a 64-point summary datagram whose PCs are random addresses inside the table and reports the
/// time per printed line (decode amortised over the 64 lines of the datagram, as in a session).
/// </remarks>
[MemoryDiagnoser]
public class FormatBenchmarks
{
    private const ushort Family = 0x1c;
    private const int Points = 64;
    private byte[] _summary = [];
    private DropPipeline _printer = null!;

    [GlobalSetup]
    public void Setup()
    {
        SymbolLoadResult result = KallsymsLoader.Load(KernelSymbols.LivePath);
        SymbolTable table = result.Succeeded ? result.Table : throw new InvalidOperationException(result.Message);
        ulong[] pcs = KernelSymbols.RandomAddressesInside(KernelSymbols.TextAddresses(), Points);
        _summary = KernelMessages.SummaryAlert(Family, pcs.Select((pc, i) => (pc, (uint)i + 1)).ToArray());

        var output = new OutputBuffer(Stream.Null);
        _printer = new DropPipeline(new KallsymsResolver(table), new TextSink(output));
        _printer.Begin(new SessionStart("bench", AlertMode.Summary, Origins.None, 0, 0), new LossCounters());
    }

    [Benchmark(Description = "decode + resolve + format, per summary line (64-point datagram)", OperationsPerInvoke = Points)]
    public ulong SummaryLine()
    {
        var r = new MessageReader(_summary);
        while (r.TryRead(out NetlinkMessage m))
            AlertDecoder.Dispatch(m, Family, _printer);
        return _printer.Records;
    }
}
