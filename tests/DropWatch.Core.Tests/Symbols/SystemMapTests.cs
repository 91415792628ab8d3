using DropWatch.Core.Symbols;

namespace DropWatch.Core.Tests.Symbols;

public class SystemMapTests
{
    private const ulong Slide = 0x1c600000;

    private static KernelPaths Paths(string kallsyms, string? cmdline = null) => new()
    {
        Kallsyms = kallsyms,
        Kcore = TempFile.MissingPath(),
        Cmdline = cmdline ?? TempFile.MissingPath(),
        OsRelease = TempFile.MissingPath(),
    };

    [Fact]
    public void Slide_from_kallsyms_makes_sysmap_and_kas_agree()
    {
        using var map = new TempFile(SyntheticKernel.SystemMap());
        using var kallsyms = new TempFile(SyntheticKernel.Kallsyms(Slide));
        var options = new ResolverOptions { Paths = Paths(kallsyms.Path), SystemMapPath = map.Path };

        ResolverResult sysmap = LookupMethodCatalog.Create(LookupMethod.SystemMap, options);
        ResolverResult kas = LookupMethodCatalog.Create(LookupMethod.Kallsyms, options);

        Assert.True(sysmap.Succeeded, sysmap.Message);
        Assert.True(kas.Succeeded, kas.Message);
        Assert.Equal(new KaslrSlide(Slide, KaslrSlideSource.Kallsyms), ((SystemMapResolver)sysmap.Resolver).Slide);
        Assert.Equal("sysmap", sysmap.Resolver.MethodName);
        foreach (ulong linkTime in new ulong[] { 0xffffffff81000100, 0xffffffff81000404, 0xffffffff81000fff, 0xffffffff81001010, 0xffffffff81001500, 0xffffffff81008123 })
        {
            ulong runTime = linkTime + Slide;
            Assert.True(kas.Resolver.TryResolve(runTime, out SymbolMatch fromKas));
            Assert.True(sysmap.Resolver.TryResolve(runTime, out SymbolMatch fromMap));
            Assert.Equal(fromKas, fromMap);
        }

        Assert.True(sysmap.Resolver.TryResolve(SyntheticKernel.LinkBase + 0x1010 + Slide, out SymbolMatch known));
        Assert.Equal(new SymbolMatch("kfree_skb_reason", 0x10, null), known);
    }

    [Fact]
    public void Module_pcs_do_not_resolve_from_the_map()
    {
        using var map = new TempFile(SyntheticKernel.SystemMap());
        using var kallsyms = new TempFile(SyntheticKernel.Kallsyms(Slide));
        var options = new ResolverOptions { Paths = Paths(kallsyms.Path), SystemMapPath = map.Path };

        ISymbolResolver sysmap = LookupMethodCatalog.Create(LookupMethod.SystemMap, options).Resolver!;
        ISymbolResolver kas = LookupMethodCatalog.Create(LookupMethod.Kallsyms, options).Resolver!;

        Assert.False(sysmap.TryResolve(0xffffffffc0a00010, out _));
        Assert.True(kas.TryResolve(0xffffffffc0a00010, out SymbolMatch module));
        Assert.Equal(new SymbolMatch("mod_fn_a", 0x10, "netmod"), module);
    }

    [Fact]
    public void Explicit_slide_wins_without_reading_kallsyms()
    {
        using var map = new TempFile(SyntheticKernel.SystemMap());
        var options = new ResolverOptions { Paths = Paths(TempFile.MissingPath()), SystemMapPath = map.Path, KaslrSlide = 0x200000 };

        ResolverResult result = LookupMethodCatalog.Create(LookupMethod.SystemMap, options);

        Assert.True(result.Succeeded, result.Message);
        Assert.True(result.Resolver.TryResolve(SyntheticKernel.LinkBase + 0x200000 + 0x1001, out SymbolMatch match));
        Assert.Equal(new SymbolMatch("kfree_skb_reason", 1, null), match);
        Assert.Equal(KaslrSlideSource.Explicit, ((SystemMapResolver)result.Resolver).Slide.Source);
    }

    [Fact]
    public void Unknown_slide_is_a_result_with_every_reason()
    {
        using var map = new TempFile(SyntheticKernel.SystemMap());
        using var hidden = new TempFile(SyntheticKernel.Hidden());
        using var cmdline = new TempFile("BOOT_IMAGE=/vmlinuz root=/dev/vda1 quiet\n");
        var paths = Paths(hidden.Path, cmdline.Path);

        ResolverResult result = LookupMethodCatalog.Create(LookupMethod.SystemMap, new ResolverOptions { Paths = paths, SystemMapPath = map.Path });

        Assert.False(result.Succeeded);
        Assert.Equal(SymbolLoadProblem.SlideUnknown, result.Problem);
        Assert.Contains("KASLR slide unknown", result.Message);
        Assert.Contains("addresses hidden", result.Message);
        Assert.Contains($"cannot open {paths.Kcore}: No such file or directory", result.Message);
    }

    [Fact]
    public void Nokaslr_on_the_command_line_means_no_slide()
    {
        using var map = new TempFile(SyntheticKernel.SystemMap());
        using var hidden = new TempFile(SyntheticKernel.Hidden());
        using var cmdline = new TempFile("BOOT_IMAGE=/vmlinuz nokaslr quiet\n");

        ResolverResult result = LookupMethodCatalog.Create(LookupMethod.SystemMap, new ResolverOptions { Paths = Paths(hidden.Path, cmdline.Path), SystemMapPath = map.Path });

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(new KaslrSlide(0, KaslrSlideSource.NoKaslrCommandLine), ((SystemMapResolver)result.Resolver).Slide);
        Assert.True(result.Resolver.TryResolve(SyntheticKernel.LinkBase + 0x1001, out SymbolMatch match));
        Assert.Equal("kfree_skb_reason", match.Name);
    }

    [Fact]
    public void A_map_from_another_build_is_refused()
    {
        using var map = new TempFile(SyntheticKernel.SystemMap(etextOverride: SyntheticKernel.LinkBase + 0x2400));
        using var kallsyms = new TempFile(SyntheticKernel.Kallsyms(Slide));

        ResolverResult result = LookupMethodCatalog.Create(LookupMethod.SystemMap, new ResolverOptions { Paths = Paths(kallsyms.Path), SystemMapPath = map.Path });

        Assert.Equal(SymbolLoadProblem.MapMismatch, result.Problem);
        Assert.Contains("does not match", result.Message);
    }

    [Fact]
    public void A_map_linked_above_the_running_kernel_is_refused()
    {
        using var map = new TempFile(SyntheticKernel.SystemMap());
        using var kallsyms = new TempFile(SyntheticKernel.Kallsyms(unchecked(0UL - 0x200000)));

        ResolverResult result = LookupMethodCatalog.Create(LookupMethod.SystemMap, new ResolverOptions { Paths = Paths(kallsyms.Path), SystemMapPath = map.Path });

        Assert.Equal(SymbolLoadProblem.MapMismatch, result.Problem);
        Assert.Contains("above the running one", result.Message);
    }

    [Fact]
    public void Missing_map_names_the_path_and_errno_text()
    {
        string path = TempFile.MissingPath();

        ResolverResult result = LookupMethodCatalog.Create(LookupMethod.SystemMap, new ResolverOptions { Paths = Paths(TempFile.MissingPath()), SystemMapPath = path });

        Assert.Equal(SymbolLoadProblem.FileUnreadable, result.Problem);
        Assert.Equal($"cannot open {path}: No such file or directory", result.Message);
    }

    [Fact]
    public void Default_path_uses_the_kernel_release()
    {
        using var release = new TempFile("6.1.0-18-amd64\n");
        var paths = new KernelPaths { OsRelease = release.Path, BootDirectory = "/some/boot" };

        Assert.Equal("/some/boot/System.map-6.1.0-18-amd64", SystemMapLoader.DefaultPath(paths));
    }

    [Fact]
    public void Map_end_marker_stops_core_symbols_above_end()
    {
        using var map = new TempFile(SyntheticKernel.SystemMap());

        SymbolLoadResult result = SystemMapLoader.LoadRelocated(map.Path, Slide);

        Assert.True(result.Succeeded, result.Message);
        Assert.False(result.Table.TryFind(SyntheticKernel.LinkBase + Slide + 0xa010, out _)); // past _end
        Assert.False(result.Table.TryFind(SyntheticKernel.LinkBase + Slide + 0x9010, out _)); // past _einittext
        Assert.False(result.Table.TryFind(SyntheticKernel.LinkBase + Slide + 0x3010, out _)); // data, text-only table
    }
}
