using DropWatch.Core.Symbols;

namespace DropWatch.Core.Tests.Symbols;

/// <summary>Tests against the excerpt of a real /proc/kallsyms in Fixtures/ (see Fixtures/README.md).</summary>
public class KallsymsFixtureTests
{
    private static readonly string FixturePath = Path.Combine(AppContext.BaseDirectory, "Symbols", "Fixtures", "kallsyms-6.18.excerpt.txt");

    /// <summary>The fixture's lines read independently of the code under test.</summary>
    private static List<(ulong Address, string Type, string Name)> Lines() =>
        File.ReadLines(FixturePath)
            .Select(line => line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Select(parts => (Convert.ToUInt64(parts[0], 16), parts[1], parts[2]))
            .ToList();

    [Fact]
    public void Every_text_symbol_resolves_to_the_first_name_at_its_address()
    {
        SymbolLoadResult result = KallsymsLoader.Load(FixturePath);
        Assert.True(result.Succeeded, result.Message);
        var lines = Lines();

        foreach (var (address, type, _) in lines.Where(l => l.Type is "t" or "T" && l.Name is not ("_etext" or "_einittext")))
        {
            string expected = lines.First(l => l.Address == address && l.Type is "t" or "T").Name;
            Assert.True(result.Table.TryFind(address, out SymbolMatch match), $"0x{address:x}");
            Assert.Equal((expected, 0UL), (match.Name, match.Offset));
        }
    }

    [Fact]
    public void Text_start_aliases_resolve_to_the_first_in_file_order()
    {
        var lines = Lines();
        var text = lines.First(l => l.Name == "_text");
        string first = lines.First(l => l.Address == text.Address).Name;

        Assert.True(KallsymsLoader.Load(FixturePath).Table!.TryFind(text.Address + 4, out SymbolMatch match));
        Assert.Equal(first, match.Name);
        Assert.NotEqual("_text", first); // the fixture really has an alias before _text
    }

    [Fact]
    public void Addresses_between_etext_and_sinittext_do_not_resolve()
    {
        var lines = Lines();
        ulong etext = lines.First(l => l.Name == "_etext").Address;
        ulong sinittext = lines.First(l => l.Name == "_sinittext").Address;
        SymbolTable table = KallsymsLoader.Load(FixturePath).Table!;

        Assert.False(table.TryFind(etext, out _));
        Assert.False(table.TryFind(etext + (sinittext - etext) / 2, out _));
        Assert.True(table.TryFind(sinittext + 4, out SymbolMatch init));
        Assert.Equal("_sinittext", init.Name);
    }

    [Fact]
    public void The_trampoline_resolves_with_its_module_and_nothing_far_above_it()
    {
        var trampoline = Lines().Last();
        SymbolTable table = KallsymsLoader.Load(FixturePath).Table!;

        Assert.True(table.TryFind(trampoline.Address + 0x20, out SymbolMatch match));
        Assert.Equal(new SymbolMatch(trampoline.Name, 0x20, "__builtin__ftrace"), match);
        Assert.False(table.TryFind(trampoline.Address + 0x1000000, out _));
    }
}
