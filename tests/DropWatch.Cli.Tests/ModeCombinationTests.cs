using DropWatch.Cli.Hosting;
using DropWatch.Cli.Options;

namespace DropWatch.Cli.Tests;

/// <summary>An option the chosen mode would ignore is refused before anything opens, never silently dropped.</summary>
public class ModeCombinationTests
{
    private static (int Code, string Stderr, LaunchSettings? Launched) Run(params string[] args)
    {
        var stderr = new StringWriter();
        LaunchSettings? launched = null;
        int code = Program.Run(args, new StringWriter(), stderr, s =>
        {
            launched = s;
            return 0;
        });
        return (code, stderr.ToString(), launched);
    }

    [Theory]
    [InlineData("--filter", "dport == 53")]
    [InlineData("--format", "json")]
    [InlineData("--pcapng", "x.pcapng")]
    [InlineData("--table")]
    [InlineData("--top")]
    [InlineData("--ignore", "sk_*")]
    [InlineData("--table-process")]
    [InlineData("--start")]
    public void TheExporterRefusesWhatItWouldIgnore(params string[] option)
    {
        var (code, stderr, launched) = Run(["--metrics-listen", "9700", .. option]);
        Assert.Equal(1, code);
        Assert.Null(launched);
        Assert.Contains("--metrics-listen", stderr);
        Assert.Contains(option[0], stderr);
    }

    [Fact]
    public void MaxSeriesWithoutTheExporterIsRefused()
    {
        var (code, stderr, _) = Run("--metrics-max-series", "10");
        Assert.Equal(1, code);
        Assert.Contains("only with --metrics-listen", stderr);
    }

    [Fact]
    public void TopIsAllowedInAOneShotStartAndRefusedWithAReport()
    {
        var (code, _, launched) = Run("--start", "--top");
        Assert.Equal(0, code);
        Assert.True(launched!.Top);
        (code, string stderr, launched) = Run("--stats", "--top");
        Assert.Equal(1, code);
        Assert.Null(launched);
        Assert.Contains("--top", stderr);
    }

    [Fact]
    public void TableProcessIsRefusedWhenNetDmIsForcedAndAllowedOnTheTracepoint()
    {
        var (code, stderr, launched) = Run("--source", "netdm", "--table-process");
        Assert.Equal(1, code);
        Assert.Null(launched);
        Assert.Contains("--table-process needs the tracepoint source (NET_DM alerts carry no process)", stderr);

        (code, _, launched) = Run("--source", "tracepoint", "--table-process", "--table");
        Assert.Equal(0, code);
        Assert.True(launched!.TableProcess);
        (code, _, launched) = Run("--table");
        Assert.Equal(0, code);
        Assert.False(launched!.TableProcess);
    }

    [Fact]
    public void StackIsRefusedWhenNetDmIsForced()
    {
        var (code, stderr, _) = Run("--source", "netdm", "--stack");
        Assert.Equal(1, code);
        Assert.Contains("tracepoint", stderr);
    }

    [Theory]
    [InlineData("--metrics-listen", "127.0.0.1:9700", "-l", "kas", "--metrics-max-series", "50")]
    [InlineData("--start", "--table", "--table-rows", "5")]
    [InlineData("--format", "json", "--table-rows", "5")]
    [InlineData("--filter", "reason == NO_SOCKET", "--stack", "--table")]
    public void CombinationsThatApplyAreLaunched(params string[] args)
    {
        var (code, stderr, launched) = Run(args);
        Assert.True(code == 0, stderr);
        Assert.NotNull(launched);
    }
}
