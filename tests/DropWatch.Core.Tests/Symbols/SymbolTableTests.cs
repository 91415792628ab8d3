using DropWatch.Core.Symbols;

namespace DropWatch.Core.Tests.Symbols;

public class SymbolTableTests
{
    private static SymbolTable Table(params (ulong Address, string Name, string? Module)[] symbols)
    {
        var builder = new SymbolTableBuilder();
        foreach (var (address, name, module) in symbols) builder.Add(address, name, module);
        return builder.Build();
    }

    private static SymbolMatch Resolve(SymbolTable table, ulong address)
    {
        Assert.True(table.TryFind(address, out SymbolMatch match), $"0x{address:x} should resolve");
        return match;
    }

    [Fact]
    public void Nearest_symbol_at_or_below_gives_name_and_offset()
    {
        SymbolTable table = Table((0x1000, "a", null), (0x1100, "b", null), (0x1300, "c", null));

        Assert.Equal(new SymbolMatch("a", 0, null), Resolve(table, 0x1000));
        Assert.Equal(new SymbolMatch("a", 0xff, null), Resolve(table, 0x10ff));
        Assert.Equal(new SymbolMatch("b", 0, null), Resolve(table, 0x1100));
        Assert.Equal(new SymbolMatch("b", 0x1ff, null), Resolve(table, 0x12ff));
        Assert.Equal(new SymbolMatch("c", 0x10, null), Resolve(table, 0x1310));
    }

    [Fact]
    public void Null_and_addresses_below_the_first_symbol_do_not_resolve()
    {
        SymbolTable table = Table((0x1000, "a", null), (0x2000, "b", null));

        Assert.False(table.TryFind(0, out _));
        Assert.False(table.TryFind(1, out _));
        Assert.False(table.TryFind(0xfff, out _));
    }

    [Fact]
    public void Empty_table_resolves_nothing()
    {
        Assert.False(SymbolTable.Empty.TryFind(0xffffffff81000000, out _));
        Assert.False(new SymbolTableBuilder().Build().TryFind(0x1234, out _));
    }

    [Fact]
    public void Zero_address_symbols_are_dropped()
    {
        SymbolTable table = Table((0, "hidden", null), (0x1000, "a", null));

        Assert.Equal(1, table.Count);
        Assert.False(table.TryFind(0x10, out _));
    }

    [Fact]
    public void Duplicate_addresses_resolve_to_the_first_in_file_order_even_after_sorting()
    {
        // Module lines come after the core in kallsyms, so these need the sort; the duplicates sit
        // on both sides of it.
        SymbolTable table = Table(
            (0x5000, "mod_first", "m"), (0x5000, "mod_second", "m"),
            (0x1000, "core_first", null), (0x1000, "core_second", null), (0x1000, "core_third", null),
            (0x1200, "next", null));

        Assert.Equal("core_first", Resolve(table, 0x1004).Name);
        Assert.Equal("mod_first", Resolve(table, 0x5004).Name);
        Assert.Equal(3, table.Count);
    }

    [Fact]
    public void Unsorted_module_symbols_resolve_with_correct_offsets_and_module()
    {
        // Shape of /proc/kallsyms: sorted core, then modules in load order, each unsorted inside.
        SymbolTable table = Table(
            (0xffffffff81000000, "_stext", null),
            (0xffffffff81000100, "core_fn", null),
            (0xffffffff81200000, "_etext", null),
            (0xffffffffc0a00200, "b_second", "modb"),
            (0xffffffffc0a00000, "b_first", "modb"),
            (0xffffffffc0800300, "a_third", "moda"),
            (0xffffffffc0800000, "a_first", "moda"),
            (0xffffffffc0800100, "a_second", "moda"));

        Assert.Equal(new SymbolMatch("a_first", 0x10, "moda"), Resolve(table, 0xffffffffc0800010));
        Assert.Equal(new SymbolMatch("a_second", 0x1ff, "moda"), Resolve(table, 0xffffffffc08002ff));
        Assert.Equal(new SymbolMatch("a_third", 0x40, "moda"), Resolve(table, 0xffffffffc0800340));
        Assert.Equal(new SymbolMatch("b_first", 0x1ff, "modb"), Resolve(table, 0xffffffffc0a001ff));
        Assert.Equal(new SymbolMatch("b_second", 0x8, "modb"), Resolve(table, 0xffffffffc0a00208));
        Assert.Equal(new SymbolMatch("core_fn", 0x20, null), Resolve(table, 0xffffffff81000120));
    }

    [Fact]
    public void Module_names_are_shared_instances()
    {
        SymbolTable table = Table((0xc000, "x", "mod"), (0xc100, "y", "mod"));

        Assert.Same(Resolve(table, 0xc000).Module, Resolve(table, 0xc100).Module);
    }

    [Fact]
    public void Last_symbol_of_a_region_extends_at_most_the_trailing_limit()
    {
        const ulong last = 0xffffffffc0800000;
        SymbolTable table = Table((0xffffffff81000000, "core", null), (last, "mod_fn", "mod"));

        Assert.Equal(SymbolTable.TrailingSymbolLimit - 1, Resolve(table, last + SymbolTable.TrailingSymbolLimit - 1).Offset);
        Assert.False(table.TryFind(last + SymbolTable.TrailingSymbolLimit, out _));
        Assert.False(table.TryFind(ulong.MaxValue, out _));
    }

    [Fact]
    public void Last_symbol_of_a_module_does_not_reach_into_an_unknown_region_far_above()
    {
        SymbolTable table = Table((0xffffffffc0800000, "a_fn", "moda"), (0xffffffffc0900000, "b_fn", "modb"));

        Assert.False(table.TryFind(0xffffffffc0800000 + SymbolTable.TrailingSymbolLimit + 0x10, out _));
        Assert.Equal("b_fn", Resolve(table, 0xffffffffc0900010).Name);
    }

    [Fact]
    public void Core_symbols_stop_at_etext_and_einittext()
    {
        SymbolTable table = Table(
            (0xffffffff81000000, "_text", null),
            (0xffffffff81000100, "last_text_fn", null),
            (0xffffffff82000000, "_etext", null),
            (0xffffffff83000000, "_sinittext", null),
            (0xffffffff83000100, "init_fn", null),
            (0xffffffff83100000, "_einittext", null),
            (0xffffffffc0000000, "mod_fn", "mod"));

        Assert.Equal("last_text_fn", Resolve(table, 0xffffffff81ffffff).Name);
        Assert.False(table.TryFind(0xffffffff82000000, out _));        // _etext itself is past the end of text
        Assert.False(table.TryFind(0xffffffff82400000, out _));        // rodata
        Assert.Equal("init_fn", Resolve(table, 0xffffffff830fffff).Name);
        Assert.False(table.TryFind(0xffffffff83100000 + 0x10, out _)); // after init text
        Assert.False(table.TryFind(0xffffffffbfffff00, out _));        // just below the module
        Assert.Equal("mod_fn", Resolve(table, 0xffffffffc0000010).Name);
    }

    [Fact]
    public void End_marker_bounds_the_core_even_when_another_name_wins_its_address()
    {
        SymbolTable table = Table(
            (0xffffffff81000000, "fn", null),
            (0xffffffff81001000, "alias_first", null),
            (0xffffffff81001000, "_etext", null));

        Assert.False(table.TryFind(0xffffffff81001008, out _));
        Assert.Equal("fn", Resolve(table, 0xffffffff81000fff).Name);
    }

    [Fact]
    public void End_marker_known_only_as_an_anchor_still_bounds_the_core()
    {
        // _end is a data symbol, so a text-only table does not contain it, but the loader notes its address.
        var builder = new SymbolTableBuilder();
        builder.NoteAnchor("_end"u8, 0x3000);
        builder.Add(0x1000, "fn", SymbolTableBuilderAccess.Core);
        SymbolTable table = builder.Build();

        Assert.Equal("fn", Resolve(table, 0x2fff).Name);
        Assert.False(table.TryFind(0x3000, out _));
    }

    [Fact]
    public void Relocation_moves_every_symbol_and_anchor()
    {
        SymbolTable linkTime = Table((0xffffffff81000000, "_text", null), (0xffffffff81000100, "fn", null), (0xffffffff81001000, "_etext", null));

        Assert.True(linkTime.TryRelocate(0x2a000000, out SymbolTable runTime));

        Assert.Equal(new SymbolMatch("fn", 0x10, null), Resolve(runTime, 0xffffffffab000110));
        Assert.False(runTime.TryFind(0xffffffff81000110, out _));
        Assert.Equal(0xffffffffab000000, runTime.Anchors.Text);
        Assert.Equal(0xffffffffab001000, runTime.Anchors.Etext);
        Assert.Same(Resolve(linkTime, 0xffffffff81000100).Name, Resolve(runTime, 0xffffffffab000100).Name);
    }

    [Fact]
    public void Relocation_past_the_top_of_the_address_space_fails()
    {
        SymbolTable table = Table((0xffffffff81000000, "fn", null));

        Assert.False(table.TryRelocate(0x100000000, out _));
    }

    [Fact]
    public void Lookup_does_not_allocate()
    {
        SymbolTable table = Table((0x1000, "a", null), (0x2000, "b", "m"));
        // The first lookup of a symbol decodes its name once; only later lookups must be free.
        table.TryFind(0x1010, out _);
        table.TryFind(0x2010, out _);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            table.TryFind(0x1010, out _);
            table.TryFind(0x2010, out _);
            table.TryFind(0x10, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_kallsyms_sized_table_with_modules_appended_out_of_order_resolves_every_symbol()
    {
        // The shape of a real /proc/kallsyms: 60k sorted core functions, then modules whose own symbols come
        // in reverse order, and some aliases. Large enough that names span many chunks of the name store.
        var builder = new SymbolTableBuilder(16);
        const int core = 60_000, modules = 40, perModule = 500;
        for (int i = 0; i < core; i++) builder.Add(0xffffffff81000000 + (ulong)i * 0x40, $"core_fn_{i}");
        builder.Add(0xffffffff81000000 + 7 * 0x40, "core_alias_7"); // later alias: the first name keeps it
        for (int m = 0; m < modules; m++)
        {
            for (int j = perModule - 1; j >= 0; j--)
                builder.Add(0xffffffffc0000000 + (ulong)m * 0x100000 + (ulong)j * 0x80, $"mod{m}_fn_{j}", $"mod{m}");
        }

        SymbolTable table = builder.Build();

        Assert.Equal(core + modules * perModule, table.Count);
        for (int i = 0; i < core; i += 97)
            Assert.Equal(new SymbolMatch($"core_fn_{i}", 0x11, null), Resolve(table, 0xffffffff81000000 + (ulong)i * 0x40 + 0x11));
        Assert.Equal("core_fn_7", Resolve(table, 0xffffffff81000000 + 7 * 0x40).Name);
        for (int m = 0; m < modules; m += 3)
        {
            for (int j = 0; j < perModule; j += 41)
            {
                ulong start = 0xffffffffc0000000 + (ulong)m * 0x100000 + (ulong)j * 0x80;
                Assert.Equal(new SymbolMatch($"mod{m}_fn_{j}", 0x7f, $"mod{m}"), Resolve(table, start + 0x7f));
            }
        }

        // The last symbol of a module stops at the trailing limit, not at the next module.
        ulong lastOfModule0 = 0xffffffffc0000000 + (perModule - 1) * 0x80UL;
        Assert.False(table.TryFind(lastOfModule0 + SymbolTable.TrailingSymbolLimit, out _));
        Assert.True(table.TryGetAddress("mod3_fn_10", out ulong address));
        Assert.Equal(0xffffffffc0300000 + 10 * 0x80UL, address);
        Assert.False(table.TryGetAddress("core_alias_7", out _)); // lost its address to the first alias
    }
}
