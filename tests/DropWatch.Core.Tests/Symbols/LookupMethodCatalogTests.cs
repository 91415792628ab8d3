using DropWatch.Core.Symbols;

namespace DropWatch.Core.Tests.Symbols;

public class LookupMethodCatalogTests
{
    [Theory]
    [InlineData("list", LookupArgumentKind.List, LookupMethod.Null)]
    [InlineData("listfoo", LookupArgumentKind.List, LookupMethod.Null)]
    [InlineData("kas", LookupArgumentKind.Method, LookupMethod.Kallsyms)]
    [InlineData("kasXYZ", LookupArgumentKind.Method, LookupMethod.Kallsyms)]
    [InlineData("sysmap", LookupArgumentKind.Method, LookupMethod.SystemMap)]
    [InlineData("sysmap-6.1", LookupArgumentKind.Method, LookupMethod.SystemMap)]
    [InlineData("ka", LookupArgumentKind.Unknown, LookupMethod.Null)]
    [InlineData("KAS", LookupArgumentKind.Unknown, LookupMethod.Null)]
    [InlineData("foo", LookupArgumentKind.Unknown, LookupMethod.Null)]
    [InlineData("null", LookupArgumentKind.Unknown, LookupMethod.Null)]
    [InlineData("", LookupArgumentKind.Unknown, LookupMethod.Null)]
    public void Arguments_are_classified_by_prefix_like_upstream(string argument, LookupArgumentKind kind, LookupMethod method)
    {
        Assert.Equal(new LookupArgument(kind, method), LookupMethodCatalog.Classify(argument));
    }

    [Fact]
    public void List_starts_with_upstreams_kas_line()
    {
        Assert.Equal("Available lookup methods:", LookupMethodCatalog.ListHeader);
        Assert.Equal("kas - use /proc/kallsyms", LookupMethodCatalog.Listed[0].ListLine);
        Assert.StartsWith("sysmap - use System.map", LookupMethodCatalog.Listed[1].ListLine);
    }

    [Fact]
    public void Every_listed_name_classifies_to_its_own_method()
    {
        foreach (LookupMethodInfo info in LookupMethodCatalog.Listed)
            Assert.Equal(new LookupArgument(LookupArgumentKind.Method, info.Method), LookupMethodCatalog.Classify(info.Name));
    }

    [Fact]
    public void Null_method_never_resolves()
    {
        ResolverResult result = LookupMethodCatalog.Create(LookupMethod.Null);

        Assert.True(result.Succeeded);
        Assert.Equal("null", result.Resolver.MethodName);
        Assert.False(result.Resolver.TryResolve(0xffffffff81000000, out SymbolMatch match));
        Assert.Equal(default, match);
    }

    [Fact]
    public void Kas_with_a_missing_file_fails_naming_path_and_errno()
    {
        string path = TempFile.MissingPath();

        ResolverResult result = LookupMethodCatalog.Create(LookupMethod.Kallsyms, new ResolverOptions { Paths = new KernelPaths { Kallsyms = path } });

        Assert.False(result.Succeeded);
        Assert.Equal(SymbolLoadProblem.FileUnreadable, result.Problem);
        Assert.Equal($"cannot open {path}: No such file or directory", result.Message);
    }

    [Fact]
    public void Kas_with_hidden_addresses_fails_distinctly()
    {
        using var hidden = new TempFile(SyntheticKernel.Hidden());

        ResolverResult result = LookupMethodCatalog.Create(LookupMethod.Kallsyms, new ResolverOptions { Paths = new KernelPaths { Kallsyms = hidden.Path } });

        Assert.Equal(SymbolLoadProblem.AddressesHidden, result.Problem);
    }

    [Fact]
    public void Probe_tells_visible_hidden_and_unavailable_apart()
    {
        using var visible = new TempFile(SyntheticKernel.Kallsyms(0));
        using var hidden = new TempFile(SyntheticKernel.Hidden());
        using var garbage = new TempFile("nothing to see\n");
        string missing = TempFile.MissingPath();

        Assert.Equal(KallsymsVisibility.Visible, KallsymsProbe.Probe(visible.Path).Visibility);
        Assert.Equal(KallsymsVisibility.Hidden, KallsymsProbe.Probe(hidden.Path).Visibility);
        Assert.Equal(KallsymsVisibility.Unavailable, KallsymsProbe.Probe(garbage.Path).Visibility);
        KallsymsProbeResult absent = KallsymsProbe.Probe(missing);
        Assert.Equal(KallsymsVisibility.Unavailable, absent.Visibility);
        Assert.Equal($"cannot open {missing}: No such file or directory", absent.Message);
    }
}
