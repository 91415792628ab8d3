using System.Buffers.Binary;
using System.Text;
using DropWatch.Native;
using DropWatch.Netlink.Route;
using DropWatch.Netlink.Transport;

namespace DropWatch.Netlink.Tests.Route;

/// <summary>RTM_GETLINK dumps: the request's bytes, multipart answers through the request channel, and the kernel's ways of ending or failing a dump.</summary>
public class LinkDumpTests
{
    /// <summary>One RTM_NEWLINK: nlmsghdr, ifinfomsg, IFLA_MTU then IFLA_IFNAME (as the kernel orders them: name first actually; order must not matter).</summary>
    internal static byte[] NewLink(int index, string? name, ushort flags = 0x2)
    {
        var attrs = new List<byte>();
        void Attr(ushort type, byte[] payload)
        {
            var h = new byte[4];
            BinaryPrimitives.WriteUInt16LittleEndian(h, (ushort)(4 + payload.Length));
            BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(2), type);
            attrs.AddRange(h);
            attrs.AddRange(payload);
            while (attrs.Count % 4 != 0) attrs.Add(0);
        }
        Attr(4, BitConverter.GetBytes(1500u)); // IFLA_MTU
        if (name is not null) Attr(3, [.. Encoding.ASCII.GetBytes(name), 0]);
        var m = new byte[16 + 16 + attrs.Count];
        BinaryPrimitives.WriteUInt32LittleEndian(m, (uint)m.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(4), LinkDump.RtmNewLink);
        BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(6), flags);
        BinaryPrimitives.WriteInt32LittleEndian(m.AsSpan(16 + 4), index);
        attrs.CopyTo(m, 32);
        return m;
    }

    internal static byte[] Done(int status = 0, ushort flags = 0x2)
    {
        var m = new byte[20];
        BinaryPrimitives.WriteUInt32LittleEndian(m, 20);
        BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(4), 3);
        BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(6), flags);
        BinaryPrimitives.WriteInt32LittleEndian(m.AsSpan(16), status);
        return m;
    }

    private static byte[] Error(int negativeErrno)
    {
        var m = new byte[36];
        BinaryPrimitives.WriteUInt32LittleEndian(m, 36);
        BinaryPrimitives.WriteUInt16LittleEndian(m.AsSpan(4), 2);
        BinaryPrimitives.WriteInt32LittleEndian(m.AsSpan(16), negativeErrno);
        return m;
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    [Fact]
    public void The_request_is_a_bare_ifinfomsg_with_request_and_dump_flags()
    {
        Span<byte> buffer = stackalloc byte[64];
        int n = LinkDump.WriteRequest(buffer, 0x01020304);
        Assert.Equal(
            "20000000" + "1200" + "0103" + "04030201" + "00000000" + // nlmsghdr: len 32, RTM_GETLINK, REQUEST|DUMP, seq, pid 0
            "00000000000000000000000000000000",                     // ifinfomsg: AF_UNSPEC, every index
            Convert.ToHexString(buffer[..n]).ToLowerInvariant());
    }

    [Fact]
    public void Parts_over_several_datagrams_are_collected_until_done()
    {
        var transport = new ScriptedTransport(
            Concat(NewLink(1, "lo"), NewLink(2, "eth0")),
            Concat(NewLink(7, "veth-dw0"), NewLink(9, null), Done()));
        var names = InterfaceNames.Dump(() => transport);
        Assert.Equal(new Dictionary<uint, string> { [1] = "lo", [2] = "eth0", [7] = "veth-dw0" }, names);
        Assert.True(transport.Disposed);
    }

    [Fact]
    public void A_done_with_an_errno_fails_the_dump_with_it()
    {
        var transport = new ScriptedTransport(Concat(NewLink(1, "lo"), Done(-Errno.EINVAL)));
        var e = Assert.Throws<NetlinkException>(() => InterfaceNames.Dump(() => transport));
        Assert.Equal(Errno.EINVAL, e.Errno);
        Assert.True(e.FromKernel);
    }

    [Fact]
    public void An_error_message_fails_the_dump()
    {
        var transport = new ScriptedTransport(Error(-Errno.EPERM));
        Assert.Equal(Errno.EPERM, Assert.Throws<NetlinkException>(() => InterfaceNames.Dump(() => transport)).Errno);
    }

    [Fact]
    public void An_interrupted_dump_says_so()
    {
        var transport = new ScriptedTransport(Concat(NewLink(1, "lo", flags: 0x2 | 0x10), Done()));
        Assert.Equal(Errno.EINTR, Assert.Throws<NetlinkException>(() => InterfaceNames.Dump(() => transport)).Errno);
    }

    [Fact]
    public void A_truncated_part_is_an_error_not_a_partial_table()
    {
        var transport = new ScriptedTransport(Concat(NewLink(1, "lo"), Done())) { TruncateAll = true };
        Assert.Equal(Errno.EMSGSIZE, Assert.Throws<NetlinkException>(() => InterfaceNames.Dump(() => transport)).Errno);
    }

    [Fact]
    public void No_done_is_a_timeout()
    {
        var transport = new ScriptedTransport(NewLink(1, "lo"));
        Assert.Equal(Errno.ETIMEDOUT, Assert.Throws<NetlinkException>(() => InterfaceNames.Dump(() => transport)).Errno);
    }

    [Fact]
    public void A_part_shorter_than_ifinfomsg_is_malformed()
    {
        byte[] shortPart = NewLink(1, "lo")[..24];
        BinaryPrimitives.WriteUInt32LittleEndian(shortPart, 24);
        var transport = new ScriptedTransport(Concat(shortPart, Done()));
        Assert.Equal(Errno.EBADMSG, Assert.Throws<NetlinkException>(() => InterfaceNames.Dump(() => transport)).Errno);
    }

    [Fact]
    public void A_failing_dump_keeps_the_names_already_known()
    {
        long now = 0;
        int opened = 0;
        var cache = new InterfaceNames(() => ++opened == 1
            ? new ScriptedTransport(Concat(NewLink(1, "lo"), Done()))
            : new ScriptedTransport(Error(-Errno.EPERM)), () => now);
        Assert.Equal("lo", cache.Lookup(1));
        now += 5000;
        Assert.Null(cache.Lookup(3));
        Assert.Equal("lo", cache.Lookup(1));
    }

    /// <summary>Bytes captured from this project's development host (fixture README): replayed through the real dump code.</summary>
    [Fact]
    public void A_dump_captured_from_a_real_kernel_decodes()
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "RtnetlinkFixtures");
        byte[][] datagrams = CapturedDump.Read(Path.Combine(dir, "host-getlink.bin"));
        var expected = File.ReadAllLines(Path.Combine(dir, "host-getlink.txt"))
            .Select(l => l.Split(' ')).ToDictionary(p => uint.Parse(p[0]), p => p[1]);

        var names = InterfaceNames.Dump(() => new ScriptedTransport(datagrams));

        Assert.Equal(expected, names);
        Assert.Equal("lo", names[1]);
    }
}
