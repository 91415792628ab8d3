using BenchmarkDotNet.Attributes;
using DropWatch.Core.Symbols;

namespace DropWatch.Benchmarks;

/// <summary>One address → symbol lookup in the real kallsyms table, at random addresses inside it.</summary>
[MemoryDiagnoser]
public class LookupBenchmarks
{
    private const int Addresses = 1024;
    private SymbolTable _table = SymbolTable.Empty;
    private ulong[] _addresses = [];

    [GlobalSetup]
    public void Setup()
    {
        SymbolLoadResult result = KallsymsLoader.Load(KernelSymbols.LivePath);
        _table = result.Succeeded ? result.Table : throw new InvalidOperationException(result.Message);
        _addresses = KernelSymbols.RandomAddressesInside(KernelSymbols.TextAddresses(), Addresses);
    }

    [Benchmark(Description = "one lookup, random address inside the table", OperationsPerInvoke = Addresses)]
    public ulong Lookup()
    {
        ulong sum = 0;
        SymbolTable table = _table;
        foreach (ulong address in _addresses)
        {
            if (table.TryFind(address, out SymbolMatch match)) sum += match.Offset;
        }

        return sum;
    }
}
