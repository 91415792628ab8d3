using DropWatch.Cli.Hosting;
using DropWatch.Cli.Options;

namespace DropWatch.Cli.Tests;

/// <summary>
/// The command line as a user types it: every bad value of every option ends with exit 1, a message
/// that says what was expected, and our full usage — and nothing is launched (no source opened).
/// </summary>
public class OptionParsingTests
{
    private sealed record Outcome(int Code, string Stdout, string Stderr, LaunchSettings? Launched);

    private static Outcome Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        LaunchSettings? launched = null;
        int code = Program.Run(args, stdout, stderr, s =>
        {
            launched = s;
            return 0;
        });
        return new Outcome(code, stdout.ToString(), stderr.ToString(), launched);
    }

    private static void AssertRejected(Outcome o, params string[] expectedInMessage)
    {
        Assert.Equal(1, o.Code);
        Assert.Null(o.Launched);
        foreach (string part in expectedInMessage)
            Assert.Contains(part, o.Stderr);
        Assert.StartsWith("dropwatch: ", o.Stderr);
        Assert.DoesNotContain("expected type", o.Stderr); // no .NET type names
        Assert.Equal(UsageText.Usage, o.Stdout);
    }

    [Theory]
    [InlineData("zz")]
    [InlineData("0xg1")]
    [InlineData("0x")]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("1c0000000000000000")] // more than 64 bits
    public void BadKaslrOffsetIsRejectedBeforeAnythingStarts(string value) =>
        AssertRejected(Run("-l", "sysmap", "--sysmap-file", Path.GetTempFileName(), "--kaslr-offset", value), "--kaslr-offset", "hexadecimal");

    [Theory]
    [InlineData("1c000000", 0x1c000000UL)]
    [InlineData("0x1C000000", 0x1c000000UL)]
    [InlineData("0", 0UL)]
    public void KaslrOffsetIsHexWithOrWithout0x(string value, ulong expected) =>
        Assert.Equal(expected, Run("-l", "sysmap", "--sysmap-file", Path.GetTempFileName(), "--kaslr-offset", value).Launched?.KaslrOffset);

    [Theory]
    [InlineData("-5")]
    [InlineData("0")]
    [InlineData("abc")]
    [InlineData("4M")]
    [InlineData("0x1000")]
    [InlineData("1.5")]
    [InlineData("4095")]
    [InlineData("2147483648")] // beyond what SO_RCVBUF takes
    [InlineData("")]
    public void BadReceiveBufferSaysWhatIsExpected(string value) =>
        AssertRejected(Run("--receive-buffer", value), $"invalid --receive-buffer '{value}'", "number of bytes");

    [Fact]
    public void ReceiveBufferWithoutAValueIsRejected() =>
        AssertRejected(Run("--receive-buffer"), "--receive-buffer");

    [Theory]
    [InlineData("4096", 4096)]
    [InlineData("33554432", 33554432)]
    public void GoodReceiveBufferIsPassedOn(string value, int expected) =>
        Assert.Equal(expected, Run("--receive-buffer", value).Launched?.ReceiveBufferBytes);

    [Fact]
    public void DefaultsLaunch()
    {
        Outcome o = Run();
        Assert.Equal(new LaunchSettings(null, null, null, 4 * 1024 * 1024, "auto"), o.Launched);
        Assert.Equal("", o.Stderr);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("NETDM")]
    [InlineData("")]
    public void BadSourceIsRejected(string value) =>
        AssertRejected(Run("--source", value), $"invalid --source '{value}'", "auto, netdm or tracepoint");

    [Fact]
    public void MissingSystemMapNamesTheFileAndWhatToPass()
    {
        AssertRejected(Run("-l", "sysmap", "--sysmap-file", "/nonexistent/System.map"),
            "/nonexistent/System.map", "no such file", "--sysmap-file PATH");
    }

    [Fact]
    public void UnreadableSystemMapIsRejected()
    {
        string dir = Directory.CreateTempSubdirectory("dw-map").FullName;
        AssertRejected(Run("-l", "sysmap", "--sysmap-file", dir), dir, "directory");
    }

    [Fact]
    public async Task AFifoAsSystemMapIsRefusedWithoutBlocking()
    {
        // Opening a FIFO for reading blocks until a writer comes; the check must not wait for one.
        string dir = Directory.CreateTempSubdirectory("dw-map").FullName;
        string fifo = Path.Combine(dir, "System.map");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo)) { mkfifo.WaitForExit(); Assert.Equal(0, mkfifo.ExitCode); }
        var run = Task.Run(() => Run("-l", "sysmap", "--sysmap-file", fifo));
        Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20))));
        AssertRejected(await run, fifo, "not a regular file (a FIFO)");
    }

    [Fact]
    public void ADeviceAsSystemMapIsRefused() =>
        AssertRejected(Run("-l", "sysmap", "--sysmap-file", "/dev/zero"), "/dev/zero", "not a regular file (a character device)");

    [Fact]
    public void DefaultSystemMapIsCheckedToo()
    {
        // /boot/System.map-$(uname -r) does not exist on this project's machines; where it does, -l sysmap is fine.
        string expected = Core.Symbols.SystemMapLoader.DefaultPath();
        Outcome o = Run("-l", "sysmap");
        if (File.Exists(expected))
            Assert.NotNull(o.Launched);
        else
            AssertRejected(o, expected, "--sysmap-file PATH");
    }

    [Fact]
    public void ReadableSystemMapLaunches()
    {
        string map = Path.GetTempFileName();
        Assert.Equal(map, Run("-l", "sysmap", "--sysmap-file", map).Launched?.SystemMapFile);
    }

    [Theory]
    [InlineData("--sysmap-file", "/dev/null")]
    [InlineData("--kaslr-offset", "1000")]
    public void SymbolFileOptionsWithoutSysmapAreRejected(string option, string value)
    {
        AssertRejected(Run("-l", "kas", option, value), option, "-l sysmap");
        AssertRejected(Run(option, value), option, "-l sysmap");
    }

    [Theory]
    [InlineData("-x")]
    [InlineData("--bogus")]
    [InlineData("-l")]
    public void UnknownOptionOrMissingArgumentShowsOurFullUsage(string arg)
    {
        Outcome o = Run(arg);
        AssertRejected(o);
        Assert.StartsWith("dropwatch [-l|--lmethod <method | list>]\n", o.Stdout); // upstream's line, first
        Assert.Contains("--receive-buffer BYTES", o.Stdout);
    }

    [Theory]
    [InlineData("list")]
    [InlineData("foo")]
    public void LookupListAndUnknownMethodAreLeftToUpstreamsOwnOutput(string method) =>
        Assert.Equal(method, Run("-l", method).Launched?.LookupMethod);

    [Fact]
    public void HelpListsTheReplCommandsExitStatusesAndEnvironment()
    {
        Outcome o = Run("--help");
        Assert.Equal(0, o.Code);
        Assert.Null(o.Launched);
        Assert.Contains("Usage:\n  dropwatch [-l|--lmethod <method | list>]\n            [--sysmap-file PATH]", o.Stdout);
        Assert.Contains("--receive-buffer <bytes>", o.Stdout);
        foreach (string command in new[] { "start", "stop", "set alertlimit N", "set alertmode summary|packet", "show, stats", "help, exit" })
            Assert.Contains(command, o.Stdout);
        foreach (string status in new[] { "  0 ", "  1 ", "  70 ", "  77 ", "  141 ", "  128+N " })
            Assert.Contains(status, o.Stdout);
        Assert.Contains("DROPWATCH_HISTORY", o.Stdout);
        Assert.DoesNotContain("dropwatch [options]", o.Stdout);
    }

    [Fact]
    public void CaptureOptionsReachTheSettingsAndTheHelp()
    {
        Assert.Equal(("f.pcapng", true), (Run("--pcapng", "f.pcapng", "--passive").Launched?.PcapngPath, Run("--passive").Launched?.Passive ?? false));
        Assert.Equal("-", Run("--pcapng", "-").Launched?.PcapngPath);
        Assert.Equal((null, false), (Run().Launched?.PcapngPath, Run().Launched?.Passive ?? true));
        Assert.Equal(1, Run("--pcapng").Code);
        Outcome help = Run("--help");
        foreach (string text in new[] { "--pcapng <file|->", "--passive", "start passive", "[--pcapng FILE|-] [--passive]" })
            Assert.Contains(text, help.Stdout);
    }
}
