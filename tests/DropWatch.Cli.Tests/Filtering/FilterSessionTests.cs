using DropWatch.Testing;

namespace DropWatch.Cli.Tests.Filtering;

/// <summary>The filter in whole REPL sessions: it applies before the alert limit, is reported at stop, and a bad one is a failed command.</summary>
public class FilterSessionTests
{
    [Fact]
    public void Filtered_records_do_not_count_toward_the_limit_and_the_count_is_reported()
    {
        var h = new SessionHarness();
        h.Kernel.AfterStart = k =>
        {
            k.Multicast(KernelMessages.SummaryAlert(k.NetDmFamilyId, (0xffffffff962ac491, 93), (0xffffffff96300010, 2)));
            k.Multicast(KernelMessages.SummaryAlert(k.NetDmFamilyId, (0xffffffff962ac491, 4), (0xffffffff96300020, 9)));
        };
        h.Run("set filter symbol == __udp*", "set alertlimit 2", "start", "show", "exit");

        Assert.Equal(
            "dropwatch> set filter symbol == __udp*\n" +
            "setting filter to symbol == __udp*\n" +
            "dropwatch> set alertlimit 2\n" +
            "setting alert capture limit to 2\n" +
            "dropwatch> start\n" +
            "Enabling monitoring...\n" +
            "Kernel monitoring activated.\n" +
            "Issue Ctrl-C to stop monitoring\n" +
            "2 drops at __udp4_lib_rcv+10 (0xffffffff96300010) [software]\n" +
            "9 drops at __udp4_lib_rcv+20 (0xffffffff96300020) [software]\n" +
            "Alert limit reached, deactivating!\n" +
            "Deactivation requested, turning off monitoring\n" +
            "Got a stop message\n" +
            "Filtered out: 97 drops not matching 'symbol == __udp*'\n" +
            "dropwatch> show\n" +
            "Getting existing configuration\n" +
            "Alert mode: Summary\n" +
            "Truncation length: 0\n" +
            "Queue length: 1000\n" +
            "Filter: symbol == __udp*\n" +
            "dropwatch> exit\n" +
            "Shutting down ...\n", h.Stdout);
        Assert.Equal(0, h.ExitCode);
    }

    [Fact]
    public void Without_a_filter_nothing_is_added_and_set_filter_alone_clears()
    {
        var h = new SessionHarness();
        h.Kernel.AfterStart = k => k.Multicast(KernelMessages.SummaryAlert(k.NetDmFamilyId, (0xffffffff962ac491, 93)));
        h.Run("set filter dport == 1", "set filter", "set alertlimit 1", "start", "show", "exit");
        Assert.Contains("clearing the filter: every drop is shown\n", h.Stdout);
        Assert.Contains("93 drops at tcp_v4_rcv+81 (0xffffffff962ac491) [software]\n", h.Stdout);
        Assert.DoesNotContain("Filtered out", h.Stdout);
        Assert.DoesNotContain("Filter:", h.Stdout);
        Assert.EndsWith("Queue length: 1000\ndropwatch> exit\nShutting down ...\n", h.Stdout);
    }

    [Fact]
    public void A_bad_expression_is_one_line_with_the_column_and_a_failed_command_and_the_old_filter_stays()
    {
        var h = new SessionHarness();
        h.Run("set filter dport == 53", "set filter dport == 53 &&", "show", "exit");
        Assert.Equal(
            "dropwatch: filter: column 15: expected a field (reason, symbol, origin, proto, ifindex, ifname, src, dst, sport, dport, l4, pid, comm, cpu), '!' or '(', not the end\n" +
            "dropwatch: exit status 1: a command failed (line 2: 'set filter dport == 53 &&')\n", h.Stderr);
        Assert.Contains("Filter: dport == 53\n", h.Stdout);
        Assert.Equal(1, h.ExitCode);
    }
}
