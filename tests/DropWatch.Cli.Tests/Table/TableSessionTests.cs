using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DropWatch.Cli.Hosting;
using DropWatch.Cli.Output;
using DropWatch.Cli.Repl;
using DropWatch.ReadLine;
using DropWatch.Testing;

namespace DropWatch.Cli.Tests.Table;

/// <summary>The table in whole sessions through <see cref="Launcher"/> against the fake kernel.</summary>
public class TableSessionTests
{
    private const ulong TcpRcv = 0xffffffff962ac491;
    private const ulong Udp = 0xffffffff96300010;

    private static (int Code, string Stdout, string Stderr) Launch(LaunchSettings settings, string script)
    {
        var kernel = new FakeKernel
        {
            AfterStart = k =>
            {
                k.Multicast(KernelMessages.SummaryAlert(k.NetDmFamilyId, (TcpRcv, 93), (Udp, 3)));
                k.Multicast(KernelMessages.SummaryAlert(k.NetDmFamilyId, (TcpRcv, 7)));
            },
        };
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        string path = Path.GetTempFileName();
        File.WriteAllText(path, script);
        using Microsoft.Win32.SafeHandles.SafeFileHandle stdin = File.OpenHandle(path);
        var errorText = new StringWriter();
        int code = Launcher.Run(settings, stdout, errorText, kernel.Open,
            s => new EditorSource(new LineEditor((int)stdin.DangerousGetHandle(), s)), null, stderr);
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()) + errorText);
    }

    private sealed class EditorSource(LineEditor editor) : ILineSource
    {
        public string? ReadLine(string prompt) => editor.ReadLine(prompt);
    }

    private static LaunchSettings Settings(bool table = false, OutputFormat format = OutputFormat.Text) =>
        new LaunchSettings("null", null, null, 1 << 20, Format: format, PrintTable: table);

    [Fact]
    public void WithoutTableTheTextOutputIsUnchanged()
    {
        var (code, stdout, _) = Launch(Settings(), "set alertlimit 3\nstart\nexit\n");
        Assert.Equal(0, code);
        Assert.DoesNotContain("Drops by location", stdout);
        Assert.EndsWith("Got a stop message\ndropwatch> exit\nShutting down ...\n", stdout);
    }

    [Fact]
    public void TableFlagPrintsTheTableAfterTheStopMessage()
    {
        var (code, stdout, _) = Launch(Settings(table: true), "set alertlimit 3\nstart\nexit\n");
        Assert.Equal(0, code);
        int stop = stdout.IndexOf("Got a stop message\n", StringComparison.Ordinal);
        int table = stdout.IndexOf("Drops by location and reason (NET_DM, summary mode", StringComparison.Ordinal);
        Assert.True(stop >= 0 && table > stop, stdout);
        Assert.Matches(@"\n\s+100\s.*software\s+-\s+\(summary mode: no reason\)\s+0xffffffff962ac491\n", stdout);
        Assert.Matches(@"\n\s+3\s.*0xffffffff96300010\n", stdout);
        Assert.Matches(@"\n\s+103\s.*total\n", stdout);
    }

    [Fact]
    public void EverySessionPrintsATableOfItsOwnDropsOnly()
    {
        var (code, stdout, _) = Launch(Settings(table: true), "set alertlimit 3\nstart\nstart\nexit\n");
        Assert.Equal(0, code);
        MatchCollection totals = Regex.Matches(stdout, @"\n\s+(\d+)\s.*total\n");
        Assert.Equal(["103", "103"], totals.Select(m => m.Groups[1].Value));
        // The second table follows the second session's start (the rows were cleared, not carried over).
        int second = stdout.LastIndexOf("Drops by location", StringComparison.Ordinal);
        int secondStart = stdout.LastIndexOf("Enabling monitoring", StringComparison.Ordinal);
        Assert.True(secondStart < second);
        Assert.Matches(@"^Drops by location and reason \(NET_DM, summary mode, [0-9.]+ s, 2 keys, times UTC\):\n", stdout[second..]);
    }

    [Fact]
    public void ShowTablePrintsTheLastSession()
    {
        var (code, stdout, _) = Launch(Settings(), "show table\nset alertlimit 3\nstart\nshow table\nexit\n");
        Assert.Equal(0, code);
        Assert.Contains("dropwatch> show table\nNo drop table yet: it is kept from the next 'start' on\n", stdout);
        Assert.Matches(@"dropwatch> show table\nDrops by location and reason \(NET_DM, summary mode, [0-9.]+ s, 2 keys, times UTC\):\n", stdout);
    }

    [Fact]
    public void JsonModeWritesOneTableObjectBeforeTheStopObject()
    {
        var (code, stdout, stderr) = Launch(Settings(format: OutputFormat.Json), "set alertlimit 3\nstart\nexit\n");
        Assert.Equal(0, code);
        JsonElement[] lines = stdout.TrimEnd('\n').Split('\n').Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();
        Assert.Equal(["start", "summary", "summary", "summary", "table", "stop"], lines.Select(l => l.GetProperty("type").GetString()));
        JsonElement table = lines[4];
        Assert.Equal(103, table.GetProperty("total").GetInt32());
        Assert.Equal([100, 3], table.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("count").GetInt32()));
        Assert.False(table.GetProperty("rows")[0].TryGetProperty("reason", out _));
        Assert.DoesNotContain("Drops by location", stderr);
    }

    [Fact]
    public void TopOffATerminalPrintsPlainTablesInsteadOfTheRecords()
    {
        var (code, stdout, _) = Launch(Settings(), "set alertlimit 3\ntop\nexit\n");
        Assert.Equal(0, code);
        Assert.DoesNotContain("drops at", stdout); // the record stream is muted while the view runs
        Assert.DoesNotContain("\u001b[", stdout); // no screen control off a terminal
        Assert.True(Regex.Matches(stdout, "Drops by location and reason").Count >= 2, stdout); // a periodic table, then the final one
        Assert.Matches(@"\n\s+103\s.*total\nLost: none\ndropwatch> exit\n", stdout);
    }

    [Fact]
    public void AfterTopTheRecordStreamIsBack()
    {
        var (code, stdout, _) = Launch(Settings(), "set alertlimit 3\ntop\nstart\nexit\n");
        Assert.Equal(0, code);
        int second = stdout.IndexOf("dropwatch> start", StringComparison.Ordinal);
        Assert.Contains("93 drops at location 0xffffffff962ac491 [software]", stdout[second..]);
    }
}
