using DropWatch.Cli.Hosting;
using DropWatch.Cli.OneShot;
using DropWatch.Cli.Options;
using DropWatch.Core.DropMonitor;

namespace DropWatch.Cli.Tests;

/// <summary>One-shot options: every bad value and combination is refused before anything is opened (exit 1, what was expected, the usage).</summary>
public class OneShotOptionTests
{
    private static (int Code, string Stdout, string Stderr, LaunchSettings? Launched) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        LaunchSettings? launched = null;
        int code = Program.Run(args, stdout, stderr, s =>
        {
            launched = s;
            return 0;
        });
        return (code, stdout.ToString(), stderr.ToString(), launched);
    }

    private static void AssertRejected(string[] args, params string[] expected)
    {
        var (code, stdout, stderr, launched) = Run(args);
        Assert.Equal(1, code);
        Assert.Null(launched);
        Assert.StartsWith("dropwatch: ", stderr);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        foreach (string part in expected)
            Assert.Contains(part, stderr);
        Assert.Equal(UsageText.Usage, stdout);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("0s")]
    [InlineData("-1s")]
    [InlineData("5x")]
    [InlineData("s")]
    [InlineData("")]
    [InlineData("1e3")]
    [InlineData("1001h")]
    [InlineData("0.0001s")]
    public void BadDurationsSayWhatIsExpected(string value) =>
        AssertRejected(["--start", "--duration", value], $"invalid --duration '{value}'", "500ms, 30s, 2m");

    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("30", 30_000)]
    [InlineData("1.5", 1_500)]
    [InlineData("1000h", 3_600_000_000)]
    public void DurationsInEveryUnit(string value, long ms) =>
        Assert.Equal(TimeSpan.FromMilliseconds(ms), Run("--start", "--duration", value).Launched?.OneShot?.Duration);

    [Theory]
    [InlineData("--count", "-1", "number of records")]
    [InlineData("--count", "1k", "number of records")]
    [InlineData("--mode", "pkt", "summary or packet")]
    [InlineData("--trunc", "-1", "number of bytes")]
    [InlineData("--trunc", "4294967296", "number of bytes")]
    [InlineData("--queue", "x", "number of packets")]
    public void BadValuesSayWhatIsExpected(string option, string value, string expected) =>
        AssertRejected(["--start", option, value], $"invalid {option} '{value}'", expected);

    [Theory]
    [InlineData("--start --query", "cannot be combined")]
    [InlineData("--stats --stop", "cannot be combined")]
    [InlineData("--count 3", "--count applies only to --start")]
    [InlineData("--query --duration 1s", "--duration applies only to --start")]
    [InlineData("--stop --mode packet", "--mode applies only to --start")]
    [InlineData("--query --hw", "--hw applies only to --start or --stop")]
    [InlineData("--sw", "--sw applies only to --start or --stop")]
    [InlineData("--stats --format json", "--format applies to --start")]
    public void OptionsThatDoNotGoTogetherAreRefused(string args, string expected) =>
        AssertRejected(args.Split(' '), expected);

    [Fact]
    public void AFullStartRequestIsReadAsGiven()
    {
        var request = Run("--start", "--mode", "packet", "--count", "100", "--duration", "30s", "--sw", "--hw", "--trunc", "128",
            "--queue", "2000", "--keep-config", "--format", "json").Launched?.OneShot;
        Assert.Equal(new OneShotRequest(OneShotAction.Start, AlertMode.Packet, 100, TimeSpan.FromSeconds(30),
            Origins.Software | Origins.Hardware, 128, 2000, KeepConfig: true), request);
    }

    [Fact]
    public void WithoutAnActionTheREPLRuns() => Assert.Null(Run("-l", "null").Launched?.OneShot);

    [Fact]
    public void HelpListsEveryOneShotFlagWithItsDefault()
    {
        var (code, stdout, _, _) = Run("--help");
        Assert.Equal(0, code);
        foreach (string flag in new[] { "--start", "--query", "--stats", "--stop", "--mode", "--count", "--duration", "--sw", "--hw",
                     "--trunc", "--queue", "--keep-config" })
            Assert.Contains(flag, stdout);
        Assert.Contains("[default: summary]", stdout);
        Assert.Contains("[default: 0]", stdout);
        Assert.Contains("(default: no limit)", stdout);
        Assert.Contains("default: the kernel's current value", stdout);
        Assert.Contains("One-shot runs", stdout);
    }
}
