using BenchmarkDotNet.Attributes;
using DropWatch.Core.Symbols;

namespace DropWatch.Benchmarks;

/// <summary>
/// Loading the symbol table. The live <c>/proc/kallsyms</c> includes the kernel's time to generate the text;
/// the temp copy is the same bytes from the page cache, so it isolates our parse + build. "read only" is the
/// kernel's share: reading the live file into a buffer and discarding it.
/// </summary>
[MemoryDiagnoser]
public class SymbolLoadBenchmarks
{
    private string _kallsymsCopy = "";
    private string _systemMap = "";
    private readonly byte[] _readBuffer = new byte[1 << 20];

    [GlobalSetup]
    public void Setup()
    {
        _kallsymsCopy = KernelSymbols.CopyToTemp();
        _systemMap = KernelSymbols.WriteSystemMap();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        File.Delete(_kallsymsCopy);
        File.Delete(_systemMap);
    }

    [Benchmark(Description = "read /proc/kallsyms, no parse (kernel's share)")]
    public long ReadLiveOnly()
    {
        using var f = new FileStream(KernelSymbols.LivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
        long total = 0;
        int n;
        while ((n = f.Read(_readBuffer)) > 0) total += n;
        return total;
    }

    [Benchmark(Description = "load kallsyms, live /proc/kallsyms")]
    public int LoadLive() => Count(KallsymsLoader.Load(KernelSymbols.LivePath));

    [Benchmark(Description = "load kallsyms, copy in /tmp (parse + build)")]
    public int LoadCopy() => Count(KallsymsLoader.Load(_kallsymsCopy));

    [Benchmark(Description = "load System.map, same size, in /tmp")]
    public int LoadSystemMap() => Count(SystemMapLoader.Load(_systemMap));

    private static int Count(SymbolLoadResult result) =>
        result.Succeeded ? result.Table.Count : throw new InvalidOperationException(result.Message);
}
