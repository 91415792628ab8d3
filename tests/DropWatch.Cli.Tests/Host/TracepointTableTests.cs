using DropWatch.Cli.Table;

namespace DropWatch.Cli.Tests.Host;

/// <summary>
/// The drop table on this machine's real kernel through the skb:kfree_skb tracepoint: UDP datagrams to a
/// closed port must appear as exactly that many drops at the UDP receive function (reason NO_SOCKET in
/// packet mode). Needs root, as CI runs.
/// </summary>
[Collection("host kernel")]
public class TracepointTableTests
{
    private static (TableSink Table, string Stdout) Run(int datagrams, params string[] lines) => Run(datagrams, false, lines);

    private static (TableSink Table, string Stdout) Run(int datagrams, bool byProcess, params string[] lines) =>
        TracepointTableSession.Run(port => UdpDrops.Send(port, datagrams), byProcess, lines);

    [Fact]
    public void PacketModeCountsEveryUdpDropAtItsLocationWithItsReason()
    {
        const int sent = 200;
        var (table, stdout) = Run(sent, "set alertmode packet", "start", "exit");
        ulong atUdp = table.Table.Rows.Where(r => r.Location.Contains("udp", StringComparison.Ordinal) && r.Reason == "NO_SOCKET").Aggregate(0UL, (n, r) => n + r.Count);
        Assert.True(atUdp == sent, $"expected {sent} NO_SOCKET drops at udp locations, the table has {atUdp}:\n{stdout}");
        Assert.Contains("Drops by location and reason (tracepoint skb:kfree_skb, packet mode", stdout);
        Assert.Matches(@"\n\s*\d+\s.*NO_SOCKET\s+\S*udp\S*\+0x[0-9a-f]+\n", stdout);
    }

    [Fact]
    public void SummaryModeCountsTheSameWithoutAReason()
    {
        const int sent = 150;
        var (table, stdout) = Run(sent, "start", "exit");
        var udp = table.Table.Rows.Where(r => r.Location.Contains("udp", StringComparison.Ordinal)).ToList();
        ulong atUdp = udp.Aggregate(0UL, (n, r) => n + r.Count);
        Assert.True(atUdp == sent, $"expected {sent} drops at udp locations, the table has {atUdp}:\n{stdout}");
        Assert.All(udp, r => Assert.Equal("(summary mode: no reason)", table.Table.ReasonText(r)));
    }

    [Fact]
    public void ByProcessTheDropsThisProcessCausedAreItsRow()
    {
        const int sent = 200;
        int pid = Environment.ProcessId;
        string comm = File.ReadAllText("/proc/self/comm").TrimEnd('\n');
        var (table, stdout) = Run(sent, byProcess: true, "set alertmode packet", "start", "exit");
        var udp = table.Table.Rows.Where(r => r.Location.Contains("udp", StringComparison.Ordinal) && r.Reason == "NO_SOCKET").ToList();
        // Every drop is still counted once; under load a few run in ksoftirqd instead of in ours.
        ulong ours = udp.Where(r => r.Key.Pid == pid).Aggregate(0UL, (n, r) => n + r.Count);
        Assert.True(ours >= sent / 2 && ours <= sent, $"expected most of {sent} drops in {comm}[{pid}], the table has {ours}:\n{stdout}");
        Assert.All(udp.Where(r => r.Key.Pid == pid), r => Assert.Equal($"{comm}[{pid}]", r.Process));
        Assert.Contains("Drops by location, reason and process (tracepoint skb:kfree_skb, packet mode", stdout);
        Assert.Matches($@"\n\s*\d+\s.*\s{System.Text.RegularExpressions.Regex.Escape($"{comm}[{pid}]")}\s+NO_SOCKET\s+\S*udp", stdout);
    }
}
