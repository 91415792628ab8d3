using System.Text;
using System.Text.Json;
using DropWatch.Cli.Hosting;
using DropWatch.Testing;

namespace DropWatch.Cli.Tests;

/// <summary>
/// The drop table of a one-shot run is its result: with <c>--table</c> it follows the records on stdout,
/// and <c>--start --top</c> (here off a terminal) prints plain tables and the final one there too.
/// </summary>
public class OneShotTableTests
{
    private static void ThreeLocations(FakeKernel k)
    {
        k.Multicast(KernelMessages.SummaryAlert(k.NetDmFamilyId, (0xffffffff962ac491, 10), (0xffffffff962ac492, 4)));
        k.Multicast(KernelMessages.SummaryAlert(k.NetDmFamilyId, (0xffffffff962ac491, 5)));
        k.Multicast(KernelMessages.SummaryAlert(k.NetDmFamilyId, (0xffffffff962ac493, 2)));
    }

    private static (int Code, string Stdout, string Stderr) Cli(FakeKernel kernel, params string[] args)
    {
        var stdout = new MemoryStream();
        var usage = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, usage, stderr, s => Launcher.Run(s, stdout, stderr, kernel.Open,
            _ => throw new InvalidOperationException("a one-shot run reads no commands")));
        return (code, usage + Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    [Fact]
    public void StartWithTableWritesTheTableAfterTheRecordsOnStdout()
    {
        var (code, stdout, stderr) = Cli(new FakeKernel { AfterStart = ThreeLocations }, "-l", "null", "--start", "--count", "4", "--table");
        Assert.Equal("", stderr);
        Assert.Equal(ExitCode.Success, code);
        int table = stdout.IndexOf("Drops by location and reason (NET_DM, summary mode, ", StringComparison.Ordinal);
        Assert.True(table > 0, stdout);
        Assert.Equal(4, stdout[..table].Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        string[] lines = stdout[table..].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^ +15 .* 0xffffffff962ac491$", lines[2]);
        Assert.Matches(@"^ +4 .* 0xffffffff962ac492$", lines[3]);
        Assert.Matches(@"^ +2 .* 0xffffffff962ac493$", lines[4]);
        Assert.Matches(@"^ +21 .* total$", lines[5]);
        Assert.Equal("Lost: none", lines[6]);
        Assert.Equal(7, lines.Length);
    }

    [Fact]
    public void StartWithoutTableWritesRecordsOnly()
    {
        var (_, stdout, _) = Cli(new FakeKernel { AfterStart = ThreeLocations }, "-l", "null", "--start", "--count", "4");
        Assert.DoesNotContain("Drops by location", stdout);
        Assert.Equal(4, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void StartWithTopOffATerminalPrintsTablesNotRecordsAndTheFinalTableLast()
    {
        var kernel = new FakeKernel { AfterStart = ThreeLocations };
        var (code, stdout, stderr) = Cli(kernel, "-l", "null", "--start", "--count", "4", "--top");
        Assert.Equal("", stderr);
        Assert.Equal(ExitCode.Success, code);
        Assert.False(kernel.Monitoring);
        Assert.StartsWith("Drops by location and reason (NET_DM, summary mode, ", stdout);
        Assert.DoesNotContain(" drops at ", stdout); // the record stream is muted under the view
        string last = stdout[stdout.LastIndexOf("Drops by location", StringComparison.Ordinal)..];
        Assert.Matches(@"\n +21 .* total\nLost: none\n$", last);
    }

    [Fact]
    public void StartWithTopInJsonKeepsStdoutJsonAndDrawsOnStderr()
    {
        var (code, stdout, stderr) = Cli(new FakeKernel { AfterStart = ThreeLocations }, "-l", "null", "--start", "--count", "4", "--top", "--format", "json");
        Assert.Equal(ExitCode.Success, code);
        foreach (string line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            JsonDocument.Parse(line);
        Assert.Contains("Drops by location and reason (NET_DM, summary mode, ", stderr);
    }

    [Fact]
    public void TopWithAReportActionIsRefused()
    {
        var (code, _, stderr) = Cli(new FakeKernel(), "-l", "null", "--query", "--top");
        Assert.Equal(ExitCode.Failure, code);
        Assert.Contains("--top monitors with the live view; --query, --stats and --stop do not monitor", stderr);
    }
}
