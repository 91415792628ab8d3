using DropWatch.Cli.Dwdump;
using DropWatch.Cli.Hosting;
using DropWatch.Core.DropMonitor;

namespace DropWatch.Cli.Tests.Capture;

public class DwdumpOptionsTests
{
    private static DwdumpOptions Ok(params string[] args)
    {
        DwdumpOptions? o = DwdumpOptions.Parse(args, out string? error);
        Assert.Null(error);
        return Assert.IsType<DwdumpOptions>(o);
    }

    private static string Bad(params string[] args)
    {
        Assert.Null(DwdumpOptions.Parse(args, out string? error));
        return Assert.IsType<string>(error);
    }

    [Fact]
    public void DefaultsAreDwdumps()
    {
        DwdumpOptions o = Ok();
        Assert.Null(o.File);
        Assert.Equal(0xffffu, o.Truncation);
        Assert.Equal(0xffffu + 2048, o.SnapLength);
        Assert.Equal(1000u, o.QueueLength);
        Assert.Equal(1024 * 1024, o.ReceiveBuffer);
        Assert.Equal(Origins.Software | Origins.Hardware, o.Origins);
        Assert.False(o.Query || o.Stats || o.Passive || o.StopAndExit || o.Help);
    }

    [Theory]
    [InlineData("-w", "a.pcap")]
    [InlineData("-wa.pcap")]
    [InlineData("--write", "a.pcap")]
    [InlineData("--write=a.pcap")]
    [InlineData("--wr=a.pcap")]
    public void WriteInEveryGetoptSpelling(params string[] args) => Assert.Equal("a.pcap", Ok(args).File);

    [Theory]
    [InlineData("100", 100u)]
    [InlineData("0", 0xffffu)]
    [InlineData("65535", 0xffffu)]
    [InlineData("70000", 0xffffu)]
    public void TruncationZeroOrTooLargeMeansNone(string value, uint expected) => Assert.Equal(expected, Ok("-t", value).Truncation);

    [Fact]
    public void FlagsBundleAndLongFormsWork()
    {
        DwdumpOptions o = Ok("-qsp", "--exit", "-l", "5", "--bufsize=4096", "--origin", "hw");
        Assert.True(o.Query && o.Stats && o.Passive && o.StopAndExit);
        Assert.Equal(5u, o.QueueLength);
        Assert.Equal(4096, o.ReceiveBuffer);
        Assert.Equal(Origins.Hardware, o.Origins);
        Assert.Equal(Origins.Software, Ok("-osw").Origins);
        Assert.True(Ok("--help").Help);
        Assert.True(Ok("-h").Help);
    }

    [Fact]
    public void OperandsAreIgnoredAndDoubleDashEndsOptions()
    {
        DwdumpOptions o = Ok("stray", "-q", "--", "-z");
        Assert.True(o.Query);
    }

    [Theory]
    [InlineData("invalid option -- 'z'", "-z")]
    [InlineData("invalid option -- 'z'", "-qz")]
    [InlineData("option requires an argument -- 'w'", "-w")]
    [InlineData("unrecognized option '--bogus'", "--bogus")]
    [InlineData("option '--write' requires an argument", "--write")]
    [InlineData("option '--query' doesn't allow an argument", "--query=1")]
    [InlineData("Invalid origin: 'xx'", "-o", "xx")]
    [InlineData("invalid number 'abc' for -t", "-t", "abc")]
    [InlineData("invalid number '-5' for -l", "-l", "-5")]
    public void ErrorsSayWhatIsWrong(string expected, params string[] args) => Assert.Equal(expected, Bad(args));

    [Fact]
    public void OnlyTheDwdumpNameSelectsDwdump()
    {
        Assert.True(DwdumpMain.IsInvokedAs("/usr/sbin/dwdump"));
        Assert.True(DwdumpMain.IsInvokedAs("dwdump"));
        Assert.False(DwdumpMain.IsInvokedAs("/usr/sbin/dropwatch"));
        Assert.False(DwdumpMain.IsInvokedAs("/tmp/dwdump/dropwatch"));
    }

    [Fact]
    public void AnOptionErrorPrintsGetoptsLineAndTheUsageOnStderrAndLaunchesNothing()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = DwdumpMain.Run(["-z"], stdout, stderr, _ => throw new InvalidOperationException("launched"));
        Assert.Equal(ExitCode.Failure, code);
        Assert.Equal("", stdout.ToString());
        Assert.Equal("dwdump: invalid option -- 'z'\n" + DwdumpUsage.Upstream, stderr.ToString());

        stderr = new StringWriter();
        Assert.Equal(ExitCode.Failure, DwdumpMain.Run(["-o", "xx"], stdout, stderr, _ => 0));
        Assert.Equal("Invalid origin: 'xx'\n", stderr.ToString());
    }
}
