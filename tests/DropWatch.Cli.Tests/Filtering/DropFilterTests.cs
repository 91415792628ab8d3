using DropWatch.Cli.Filtering;

namespace DropWatch.Cli.Tests.Filtering;

public class DropFilterTests
{
    private static bool Keeps(string expression, Record record, Func<uint, string?>? names = null) =>
        record.Matches(DropFilter.Compile(expression), names);

    [Theory]
    [InlineData("dport == 53", 53, true)]
    [InlineData("dport == 53", 54, false)]
    [InlineData("dport != 53", 54, true)]
    [InlineData("dport != 53", 53, false)]
    [InlineData("dport in (53, 5353)", 5353, true)]
    [InlineData("dport in (53, 5353)", 80, false)]
    [InlineData("dport in (53)", 53, true)]
    [InlineData("sport == 40000", 1, true)]
    [InlineData("dport == 0x35", 53, true)]
    public void Ports_come_from_the_udp_header_in_the_payload(string expression, int dport, bool kept) =>
        Assert.Equal(kept, Keeps(expression, Record.Udp((ushort)dport)));

    [Theory]
    [InlineData("src == 192.0.2.1", true)]
    [InlineData("src == 192.0.2.2", false)]
    [InlineData("src == 192.0.2.0/24", true)]
    [InlineData("src == 192.0.3.0/24", false)]
    [InlineData("dst == 198.51.100.0/22", true)]
    [InlineData("dst == 0.0.0.0/0", true)]
    [InlineData("dst in (10.0.0.0/8, 198.51.100.7)", true)]
    [InlineData("dst != 198.51.100.7", false)]
    [InlineData("src == ::1", false)]
    public void Ipv4_addresses_and_prefixes(string expression, bool kept) =>
        Assert.Equal(kept, Keeps(expression, Record.Udp(53)));

    [Fact]
    public void Ipv6_addresses_prefixes_ports_and_extension_headers()
    {
        // A hop-by-hop header (8 bytes, next = UDP) before the UDP header.
        byte[] hopByHop = [17, 0, 0, 0, 0, 0, 0, 0];
        var record = new Record
        {
            Protocol = 0x86dd,
            Payload = Packets.Ethernet(0x86dd, Packets.IPv6("2001:db8::1", "fe80::2", 0, [.. hopByHop, .. Packets.Ports(1234, 5353)])),
        };
        Assert.True(Keeps("src == 2001:db8::/32 && dst == fe80::/10 && dport == 5353 && l4 == udp", record));
        Assert.False(Keeps("src == 2001:db9::/32", record));
        Assert.False(Keeps("src == 192.0.2.1", record));
        Assert.True(Keeps("proto == ipv6", record));
    }

    [Fact]
    public void Vlan_tagged_frames_are_looked_through()
    {
        var record = new Record
        {
            Protocol = 0x8100,
            Payload = Packets.Ethernet(0x0800, Packets.IPv4("10.1.1.1", "10.2.2.2", 6, Packets.Ports(1, 443)), 100),
        };
        Assert.True(Keeps("l4 == tcp && dport == 443 && src == 10.1.1.1", record));
    }

    [Fact]
    public void A_payload_that_starts_at_the_ip_header_is_accepted_when_the_protocol_says_ip()
    {
        var record = new Record { Protocol = 0x0800, Payload = Packets.IPv4("10.0.0.1", "10.0.0.2", 17, Packets.Ports(5, 7)) };
        Assert.True(Keeps("dport == 7", record));
    }

    [Fact]
    public void Later_fragments_have_an_l4_protocol_but_no_ports()
    {
        var record = new Record { Protocol = 0x0800, Payload = Packets.Ethernet(0x0800, Packets.IPv4("10.0.0.1", "10.0.0.2", 17, Packets.Ports(5, 7), fragmentOffset: 100)) };
        Assert.True(Keeps("l4 == udp", record));
        Assert.False(Keeps("dport == 7", record));
        Assert.False(Keeps("dport != 7", record));
        Assert.True(Keeps("!(dport == 7)", record));
    }

    [Fact]
    public void Icmp_has_no_ports()
    {
        var record = new Record { Protocol = 0x0800, Payload = Packets.Ethernet(0x0800, Packets.IPv4("10.0.0.1", "10.0.0.2", 1, [8, 0, 0, 0])) };
        Assert.True(Keeps("l4 == icmp", record));
        Assert.False(Keeps("l4 in (tcp, udp)", record));
        Assert.False(Keeps("sport == 2048", record));
    }

    [Fact]
    public void Every_truncation_of_a_packet_yields_fewer_fields_and_never_throws()
    {
        byte[] full = Packets.Ethernet(0x0800, Packets.IPv4("10.0.0.1", "10.0.0.2", 17, Packets.Ports(5, 7), options: 8));
        DropFilter filter = DropFilter.Compile("dport == 7 || src == 10.0.0.1 || l4 == udp");
        for (int n = 0; n <= full.Length; n++)
        {
            var record = new Record { Protocol = 0x0800, Payload = full[..n] };
            bool kept = record.Matches(filter);
            // The source address needs 14 + 16 bytes; before that nothing can match.
            Assert.Equal(n >= 14 + 20, kept);
        }
    }

    [Fact]
    public void Hostile_payloads_never_throw()
    {
        var random = new Random(11);
        DropFilter filter = DropFilter.Compile("dport == 7 || src == ::1 || dst == 10.0.0.0/8 || l4 == tcp");
        for (int i = 0; i < 20_000; i++)
        {
            byte[] bytes = new byte[random.Next(0, 120)];
            random.NextBytes(bytes);
            if (bytes.Length > 14 && i % 2 == 0)
            {
                bytes[12] = i % 4 == 0 ? (byte)0x86 : (byte)0x08;
                bytes[13] = i % 4 == 0 ? (byte)0xdd : (byte)0x00;
                bytes[14] = (byte)((i % 4 == 0 ? 0x60 : 0x40) | (bytes[14] & 0xf));
            }
            var record = new Record { Protocol = (ushort)(i % 4 == 0 ? 0x86dd : 0x0800), Payload = bytes };
            _ = record.Matches(filter);
        }
    }

    [Theory]
    [InlineData("reason == NO_SOCKET", true)]
    [InlineData("reason == no_socket", true)]
    [InlineData("reason != NO_SOCKET", false)]
    [InlineData("reason in (TCP_CSUM, NO_SOCKET)", true)]
    [InlineData("reason == TCP_CSUM", false)]
    [InlineData("symbol == __udp4_lib_rcv", true)]
    [InlineData("symbol == \"__udp*\"", true)]
    [InlineData("symbol == *udp?_lib*", true)]
    [InlineData("symbol == tcp_*", false)]
    [InlineData("origin == software", true)]
    [InlineData("origin == hw", false)]
    [InlineData("proto == 0x0800", true)]
    [InlineData("proto == ipv4", true)]
    [InlineData("proto == 2048", true)]
    [InlineData("ifindex == 1", true)]
    [InlineData("ifindex != 1", false)]
    [InlineData("l4 == 17", true)]
    public void Event_fields(string expression, bool kept) => Assert.Equal(kept, Keeps(expression, Record.Udp(53)));

    [Fact]
    public void Ifname_uses_the_interface_names()
    {
        Func<uint, string?> names = i => i == 1 ? "lo" : i == 7 ? "veth-dw0" : null;
        Assert.True(Keeps("ifname == lo", Record.Udp(1), names));
        Assert.True(Keeps("ifname == veth*", new Record { IfIndex = 7 }, names));
        Assert.False(Keeps("ifname == lo", new Record { IfIndex = 9 }, names));
        Assert.False(Keeps("ifname == lo", Record.Udp(1), null));
    }

    [Fact]
    public void Process_fields_and_cpu()
    {
        var record = new Record { Pid = 4242, Comm = "nc.openbsd", Cpu = 1 };
        Assert.True(Keeps("pid == 4242 && comm == nc* && cpu == 1", record));
        Assert.False(Keeps("pid == 1", record));
        Assert.False(Keeps("comm == nc", new Record { Pid = 5, Comm = "" }));
        Assert.False(Keeps("cpu == 0", new Record()));
    }

    [Fact]
    public void Symbol_falls_back_to_the_kernels_own_text()
    {
        var record = new Record { KernelSymbol = "tcp_v4_rcv+0x81/0x1000" };
        Assert.True(Keeps("symbol == tcp_v4_rcv", record));
        Assert.False(Keeps("symbol == tcp_v4", record));
    }

    [Fact]
    public void Fields_a_record_lacks_match_no_comparison()
    {
        var summary = new Record { Kind = Core.Events.DropKind.SoftwareSummary, Symbol = "tcp_v4_rcv", Count = 5 };
        Assert.False(Keeps("reason == NO_SOCKET", summary));
        Assert.False(Keeps("reason != NO_SOCKET", summary));
        Assert.False(Keeps("dport != 1", summary));
        Assert.True(Keeps("!(dport == 1)", summary));
        Assert.True(Keeps("symbol == tcp_v4_rcv", summary));
    }

    [Theory]
    // ! binds tighter than &&, which binds tighter than ||.
    [InlineData("dport == 1 || dport == 53 && dport == 2", false)] // 1 || (53 && 2) with dport 53
    [InlineData("(dport == 1 || dport == 53) && dport == 2", false)]
    [InlineData("dport == 53 || dport == 1 && dport == 2", true)]
    [InlineData("(dport == 53 || dport == 1) && dport == 2", false)]
    [InlineData("!dport == 1 && dport == 53", true)] // (!(dport == 1)) && dport == 53
    [InlineData("!(dport == 53 && l4 == udp)", false)]
    [InlineData("!dport == 53 || l4 == udp", true)] // (!(dport == 53)) || l4 == udp
    [InlineData("!!(dport == 53)", true)]
    [InlineData("((dport == 53))", true)]
    public void Precedence(string expression, bool kept) => Assert.Equal(kept, Keeps(expression, Record.Udp(53)));

    [Theory]
    [InlineData("dport ==", 9, "expected a value after '=='")]
    [InlineData("dport == 53 &&", 15, "expected a field")]
    [InlineData("port == 53", 1, "unknown field 'port'")]
    [InlineData("dport = 53", 7, "'=' is not an operator; use '=='")]
    [InlineData("dport == 53 & l4 == tcp", 13, "'&' is not an operator; use '&&'")]
    [InlineData("dport == 53 | l4 == tcp", 13, "'|' is not an operator; use '||'")]
    [InlineData("dport == 70000", 10, "expected a port number from 0 to 65535, not '70000'")]
    [InlineData("dport in (53, )", 15, "expected a value after ','")]
    [InlineData("dport in 53", 10, "expected '(' after 'in'")]
    [InlineData("dport in (53 54)", 14, "expected ',' or ')'")]
    [InlineData("(dport == 53", 13, "expected ')' to close the '(' at column 1")]
    [InlineData("dport == 53)", 12, "unexpected ')' without a matching '('")]
    [InlineData("dport == 53 l4 == tcp", 13, "expected '&&', '||' or the end")]
    [InlineData("dport 53", 7, "expected '==', '!=' or 'in' after 'dport'")]
    [InlineData("src == 10.0.0.0/33", 8, "expected a prefix length from 0 to 32")]
    [InlineData("src == 10.0.0.300", 8, "expected an IPv4 or IPv6 address")]
    [InlineData("origin == maybe", 11, "expected software or hardware")]
    [InlineData("l4 == gre2", 7, "expected tcp, udp, icmp, icmpv6, sctp or a protocol number")]
    [InlineData("proto == 0x10000", 10, "expected an ethertype")]
    [InlineData("reason == no-socket", 11, "expected a drop reason name")]
    [InlineData("comm == \"nc", 9, "this string has no closing '\"'")]
    [InlineData("", 1, "expected a field")]
    [InlineData("   ", 4, "expected a field")]
    [InlineData("!", 2, "expected a field")]
    [InlineData("pid == -1", 8, "expected a number for 'pid'")]
    public void Errors_name_the_column(string expression, int column, string reason)
    {
        var e = Assert.Throws<FilterSyntaxException>(() => DropFilter.Compile(expression));
        Assert.Equal(column, e.Column);
        Assert.Contains(reason, e.Reason);
        Assert.StartsWith($"filter: column {column}: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Reasons_are_checked_against_the_kernels_names_when_known()
    {
        string[] known = ["NOT_SPECIFIED", "NO_SOCKET", "TCP_CSUM"];
        Assert.NotNull(DropFilter.Compile("reason == tcp_csum", known));
        var e = Assert.Throws<FilterSyntaxException>(() => DropFilter.Compile("reason in (NO_SOCKET, NO_SOCKETS)", known));
        Assert.Equal(23, e.Column);
        Assert.Contains("'NO_SOCKETS' is not a drop reason of this kernel", e.Reason);
        // Without a list (NET_DM sends names as text) any well-formed name is accepted.
        Assert.NotNull(DropFilter.Compile("reason == NO_SOCKETS"));
    }

    [Fact]
    public void Quoted_values_may_hold_operator_characters()
    {
        var record = new Record { Pid = 1, Comm = "a(b)==c" };
        Assert.True(Keeps("comm == \"a(b)==c\"", record));
        Assert.True(Keeps("comm == \"a\\(b)*\"", new Record { Pid = 1, Comm = "a\\(b)x" }));
    }

    [Fact]
    public void The_text_is_kept_trimmed_for_show_and_the_report() =>
        Assert.Equal("dport == 53", DropFilter.Compile("  dport == 53 ").Text);
}
