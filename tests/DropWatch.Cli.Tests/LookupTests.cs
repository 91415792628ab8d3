using DropWatch.Cli.Hosting;
using DropWatch.Cli.Output;
using DropWatch.Core.Symbols;

namespace DropWatch.Cli.Tests;

public class LookupTests
{
    [Theory]
    [InlineData(null, LookupKind.Auto)]
    [InlineData("kas", LookupKind.Method)]
    [InlineData("kasXYZ", LookupKind.Method)]
    [InlineData("sysmap", LookupKind.Method)]
    [InlineData("null", LookupKind.Method)]
    [InlineData("list", LookupKind.List)]
    [InlineData("Kas", LookupKind.Unknown)]
    public void ParsesLikeUpstreamsPrefixRule(string? arg, LookupKind kind) => Assert.Equal(kind, LookupChoice.Parse(arg).Kind);

    private static (ISymbolResolver Resolver, string Stdout, string Stderr) Setup(string? method, string kallsymsText, string? sysmap = null, ulong? slide = null)
    {
        string dir = Directory.CreateTempSubdirectory("dw-lookup").FullName;
        File.WriteAllText(Path.Combine(dir, "kallsyms"), kallsymsText);
        var paths = KernelPaths.Default with { Kallsyms = Path.Combine(dir, "kallsyms"), Kcore = Path.Combine(dir, "none"), Cmdline = Path.Combine(dir, "none") };
        var stdout = new MemoryStream();
        var stderr = new StringWriter();
        var output = new OutputBuffer(stdout);
        var errors = new ErrorReporter(output, stderr);
        ISymbolResolver r = LookupSetup.Create(LookupChoice.Parse(method), new LaunchSettings(method, sysmap, slide, 0),
            output, errors, paths).Complete(errors);
        output.Flush();
        return (r, System.Text.Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    private const string Kallsyms =
        "ffffffff81000000 T _text\nffffffff81000100 T tcp_v4_rcv\nffffffff81000900 T udp_rcv\nffffffff81200000 T _etext\n";

    [Fact]
    public void AutoPicksKallsymsWhenAddressesAreVisible()
    {
        var (r, stdout, _) = Setup(null, Kallsyms);
        Assert.Equal("Initializing kallsyms db\n", stdout);
        Assert.True(r.TryResolve(0xffffffff81000181, out SymbolMatch m));
        Assert.Equal(("tcp_v4_rcv", 0x81UL), (m.Name, m.Offset));
    }

    [Fact]
    public void AutoFallsBackToRawAddressesWhenHidden()
    {
        var (r, stdout, _) = Setup(null, "0000000000000000 T _text\n0000000000000000 T tcp_v4_rcv\n");
        Assert.Equal("Initializing null lookup method\n", stdout);
        Assert.False(r.TryResolve(0xffffffff81000181, out _));
    }

    [Fact]
    public void HiddenAddressesWithKasAreExplainedOnce()
    {
        var (r, stdout, stderr) = Setup("kas", "0000000000000000 T _text\n0000000000000000 T tcp_v4_rcv\n");
        Assert.Equal("Initializing kallsyms db\n", stdout);
        Assert.Contains("raw addresses", stderr);
        Assert.False(r.TryResolve(0xffffffff81000181, out _));
    }

    [Fact]
    public void SysmapWithTheSlideFromKallsymsMatchesKas()
    {
        string map = Path.GetTempFileName();
        File.WriteAllText(map, "ffffffff80000000 T _text\nffffffff80000100 T tcp_v4_rcv\nffffffff80000900 T udp_rcv\nffffffff80200000 T _etext\n");
        var (sysmap, stdout, _) = Setup("sysmap", Kallsyms, sysmap: map);
        var (kas, _, _) = Setup("kas", Kallsyms);
        Assert.Equal("Initializing System.map db\n", stdout);
        foreach (ulong pc in new ulong[] { 0xffffffff81000181, 0xffffffff81000905 })
        {
            Assert.True(kas.TryResolve(pc, out SymbolMatch a));
            Assert.True(sysmap.TryResolve(pc, out SymbolMatch b));
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void MissingSystemMapIsAClearErrorAndTheSessionCarriesOn()
    {
        var (r, _, stderr) = Setup("sysmap", Kallsyms, sysmap: "/nonexistent/System.map");
        Assert.Contains("/nonexistent/System.map", stderr);
        Assert.Contains("No such file or directory", stderr);
        Assert.Equal("null", r.MethodName);
    }
}
