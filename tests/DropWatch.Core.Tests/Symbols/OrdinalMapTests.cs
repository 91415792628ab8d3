using DropWatch.Core.Symbols;

namespace DropWatch.Core.Tests.Symbols;

public class OrdinalMapTests
{
    [Fact]
    public void Consecutive_ordinals_become_runs_and_read_back()
    {
        int[] ordinals = [0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 40, 41, 42, 20, 21];
        OrdinalMap map = Build(ordinals)!;
        Assert.Equal(4, map.Runs);
        for (int entry = 0; entry < ordinals.Length; entry++)
        {
            Assert.Equal(ordinals[entry], map.OrdinalOf(entry));
            Assert.Equal(entry, map.EntryOf(ordinals[entry], ordinals.Length));
        }

        Assert.Equal(-1, map.EntryOf(3, ordinals.Length)); // folded into an earlier alias
        Assert.Equal(-1, map.EntryOf(14, ordinals.Length));
        Assert.Equal(-1, map.EntryOf(43, ordinals.Length));
    }

    [Fact]
    public void Identity_needs_no_map_and_a_shuffle_keeps_one_ordinal_per_entry()
    {
        Assert.Null(Build([0, 1, 2, 3]));
        int[] shuffled = [3, 0, 2, 1, 5, 4];
        OrdinalMap map = Build(shuffled)!;
        Assert.Equal(0, map.Runs);
        for (int entry = 0; entry < shuffled.Length; entry++)
        {
            Assert.Equal(shuffled[entry], map.OrdinalOf(entry));
            Assert.Equal(entry, map.EntryOf(shuffled[entry], shuffled.Length));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Tables_from_shuffled_aliased_and_module_tailed_files_name_every_address_as_the_file_did(int seed)
    {
        // Random files in three shapes: in order with aliases, in order with a module tail above (a kallsyms),
        // and a tail that reaches below the beginning (sorted whole). Every address names its first alias in
        // file order, and every name that kept its address finds it.
        var random = new Random(seed);
        foreach (int shape in new[] { 0, 1, 2 })
        {
            var lines = new List<(ulong Address, string Name)>();
            ulong address = 0xffffffff81000000;
            for (int i = 0; i < 3000; i++)
            {
                if (random.Next(10) != 0) address += (ulong)random.Next(1, 64) * 16; // else an alias
                lines.Add((address, $"core{i}"));
            }

            if (shape > 0)
            {
                ulong floor = shape == 1 ? 0xffffffffc0000000 : 0xffffffff81000000;
                for (int i = 0; i < 400; i++) lines.Add((floor + (ulong)random.Next(0, 2000) * 16, $"mod{i}"));
            }

            var builder = new SymbolTableBuilder();
            foreach (var (a, name) in lines) builder.Add(a, name);
            SymbolTable table = builder.Build();

            var first = new Dictionary<ulong, string>();
            foreach (var (a, name) in lines) first.TryAdd(a, name);
            Assert.Equal(first.Count, table.Count);
            foreach (var (a, name) in first)
            {
                Assert.True(table.TryFind(a, out SymbolMatch match), $"shape {shape}: {a:x}");
                Assert.Equal((name, 0UL), (match.Name, match.Offset));
                Assert.True(table.TryGetAddress(name, out ulong found));
                Assert.Equal(a, found);
            }
        }
    }

    private static OrdinalMap? Build(int[] ordinals)
    {
        var builder = new OrdinalMap.Builder();
        foreach (int ordinal in ordinals) builder.Add(ordinal);
        return builder.Build();
    }
}
