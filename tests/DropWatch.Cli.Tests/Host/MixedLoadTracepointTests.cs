using System.Text.RegularExpressions;
using DropWatch.Cli.Table;

namespace DropWatch.Cli.Tests.Host;

/// <summary>
/// The drop table and a filter on this machine's real kernel through the skb:kfree_skb tracepoint,
/// under a mixed load of ours: UDP datagrams with a wrong checksum (UDP_CSUM) and UDP datagrams to a
/// closed port (NO_SOCKET), both on lo. The tracepoint has no ports, so what tells our drops from
/// other people's is the reason (nobody else here sends bad checksums) and, for the closed port, our
/// pid (the loopback receive runs in the sender's context; under load ksoftirqd takes a few).
/// Needs root (raw socket, tracepoint), as CI runs.
/// </summary>
[Collection("host kernel")]
public class MixedLoadTracepointTests
{
    private const int BadChecksums = 150;
    private const int ClosedPort = 100;

    private static (DropTable Table, string Console) Run(string filter)
    {
        var (table, console) = TracepointTableSession.Run(port =>
        {
            BadChecksumDrops.Send(port, BadChecksums);
            UdpDrops.Send(port, ClosedPort);
        }, byProcess: false, "set alertmode packet", $"set filter {filter}", "start", "exit");
        return (table.Table, console);
    }

    private static ulong Count(DropTable table, string reason) =>
        table.Rows.Where(r => r.Reason == reason && r.Location.Contains("udp", StringComparison.Ordinal)).Aggregate(0UL, (n, r) => n + r.Count);

    private static ulong FilteredOut(string console, string filter)
    {
        Match m = Regex.Match(console, $@"\nFiltered out: (\d+) drops not matching '{Regex.Escape(filter)}'\n");
        Assert.True(m.Success, $"no 'Filtered out' line:\n{console}");
        return ulong.Parse(m.Groups[1].Value);
    }

    [Fact]
    public void A_reason_filter_keeps_exactly_the_bad_checksums_and_filters_out_the_closed_port_drops()
    {
        const string filter = "reason == UDP_CSUM";
        var (table, console) = Run(filter);

        Assert.True(Count(table, "UDP_CSUM") == BadChecksums, $"expected {BadChecksums} UDP_CSUM drops at a udp location:\n{console}");
        Assert.All(table.Rows, r => Assert.Equal("UDP_CSUM", r.Reason));
        Assert.Equal((ulong)BadChecksums, table.Total);
        // Our closed-port drops reached the pipeline and were filtered out (other people's may add to them).
        Assert.True(FilteredOut(console, filter) >= ClosedPort, console);
        Assert.Matches(@"\n\s*150\s.*UDP_CSUM\s+\S*udp\S*\+0x[0-9a-f]+\n", console);
    }

    [Fact]
    public void Both_kinds_get_their_own_table_row_and_the_pid_clause_keeps_only_our_closed_port_drops()
    {
        int pid = Environment.ProcessId;
        string filter = $"reason == UDP_CSUM || (reason == NO_SOCKET && pid == {pid})";
        var (table, console) = Run(filter);

        Assert.True(Count(table, "UDP_CSUM") == BadChecksums, $"expected {BadChecksums} UDP_CSUM drops:\n{console}");
        ulong noSocket = Count(table, "NO_SOCKET");
        Assert.True(noSocket is >= ClosedPort / 2 and <= ClosedPort, $"expected up to {ClosedPort} NO_SOCKET drops of ours (most in our context):\n{console}");
        Assert.Equal(Count(table, "UDP_CSUM") + noSocket, table.Total);
        // A checksum drop and a closed-port drop are different places in the UDP receive path.
        var locations = table.Rows.Where(r => r.Location.Contains("udp", StringComparison.Ordinal)).GroupBy(r => r.Reason).ToDictionary(g => g.Key!, g => g.Select(r => r.Location).ToHashSet());
        Assert.Empty(locations["UDP_CSUM"].Intersect(locations["NO_SOCKET"]));
        FilteredOut(console, filter);
    }
}
