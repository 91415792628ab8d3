using System.Diagnostics;
using System.Text;
using DropWatch.Core.Symbols;

namespace DropWatch.Core.Tests.Symbols;

/// <summary>Module names have no count limit, and interning them stays cheap however many there are.</summary>
public class ManyModulesTests
{
    private const int Modules = 70_000;
    private const ulong ModuleBase = 0xffffffffc0000000;

    [Fact]
    public void A_file_with_70k_modules_loads_and_every_module_resolves()
    {
        using var file = new TempFile(ManyModuleKallsyms());

        var clock = Stopwatch.StartNew();
        SymbolLoadResult result = KallsymsLoader.Load(file.Path);
        clock.Stop();

        Assert.True(result.Succeeded, result.Message);
        foreach (int m in new[] { 0, 1, 65_534, 65_535, 65_536, Modules - 1 })
        {
            Assert.True(result.Table.TryFind(ModuleBase + (ulong)m * 0x1000 + 4, out SymbolMatch match));
            Assert.Equal(new SymbolMatch($"fn_{m}", 4, $"mod_{m}"), match);
        }

        // Was ~6 s before the fix (a linear search per new module), then an exception at module 65,536.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"loading took {clock.Elapsed}");
    }

    [Fact]
    public void Alternating_modules_share_one_name_each()
    {
        using var file = new TempFile("""
            ffffffff81000000 T _text
            ffffffffc0000000 t a_fn	[a]
            ffffffffc0001000 t b_fn	[b]
            ffffffffc0002000 t a_fn2	[a]

            """);
        SymbolLoadResult result = KallsymsLoader.Load(file.Path);
        Assert.True(result.Succeeded, result.Message);
        Assert.True(result.Table.TryFind(0xffffffffc0000004, out SymbolMatch first));
        Assert.True(result.Table.TryFind(0xffffffffc0002004, out SymbolMatch third));
        Assert.Same(first.Module, third.Module);
    }

    private static string ManyModuleKallsyms()
    {
        var text = new StringBuilder("ffffffff81000000 T _text\nffffffff81000100 T core_fn\n");
        for (int m = 0; m < Modules; m++)
            text.Append($"{ModuleBase + (ulong)m * 0x1000:x16} t fn_{m}\t[mod_{m}]\n");
        return text.ToString();
    }
}
