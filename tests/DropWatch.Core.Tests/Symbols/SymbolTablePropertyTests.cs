using CsCheck;
using DropWatch.Core.Symbols;

namespace DropWatch.Core.Tests.Symbols;

/// <summary>The table against a naive linear scan over the unsorted input (the upstream 1.5.5 rule plus our bound).</summary>
public class SymbolTablePropertyTests
{
    private static bool Reference(List<(ulong Address, string Name)> symbols, ulong pc, out string name, out ulong offset)
    {
        name = "";
        offset = 0;
        ulong best = 0;
        bool found = false;
        foreach (var (address, symbol) in symbols)
        {
            if (address == 0 || address > pc) continue;
            if (!found || address > best)
            {
                best = address;
                name = symbol;
                found = true;
            }
        }

        if (!found) return false;
        ulong highest = symbols.Max(s => s.Address);
        offset = pc - best;
        return best != highest || offset < SymbolTable.TrailingSymbolLimit;
    }

    [Fact]
    public void Matches_a_linear_scan_for_any_input_order()
    {
        // A narrow range so duplicate addresses are common.
        Gen<ulong> address = Gen.ULong[0xc0000000, 0xc0001000];
        Gen<List<(ulong, string)>> symbols = address.Array[1, 60].Select(addresses =>
            addresses.Select((a, i) => (a & ~0xfUL, $"f{i}")).ToList());

        Gen.Select(symbols, Gen.ULong[0xbffff000, 0xc0012000].Array[1, 40]).Sample((input, pcs) =>
        {
            var builder = new SymbolTableBuilder();
            foreach (var (a, n) in input) builder.Add(a, n, "mod");
            SymbolTable table = builder.Build();

            foreach (ulong pc in pcs)
            {
                bool expected = Reference(input, pc, out string name, out ulong offset);
                Assert.Equal(expected, table.TryFind(pc, out SymbolMatch match));
                if (expected) Assert.Equal(new SymbolMatch(name, offset, "mod"), match);
            }
        });
    }
}
