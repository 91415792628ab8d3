using System.Buffers.Binary;
using System.Text;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Tests.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Core.Symbols;
using DropWatch.Core.Tracing;
using DropWatch.Netlink.Generic;
using DropWatch.Netlink.Wire;

namespace DropWatch.Core.Tests.RealKernel;

/// <summary>
/// Bytes from the e2e VM's second round of captures (tests/fixtures/kernel/README.md, "Kernel matrix"):
/// hardware (devlink trap) drops reported by netdevsim on Debian 6.1 ("6.1-hw/") and 6.12 ("6.12/"),
/// and 6.12's software replies. Each test names fixtures and what the bytes must decode to; the
/// decoding calls are kept in one place (<see cref="Decode"/>) so they port to a new decoder API.
/// </summary>
public class CapturedHardwareAndMatrixTests
{
    private const string Cookie = "00C0FFEE1234ABCD5678"; // what probe_hw_capture wrote to netdevsim's debugfs

    /// <summary>The family id the kernel gave NET_DM on that boot, read from the message itself (it is dynamic).</summary>
    private static ushort FamilyOf(string fixture) => BinaryPrimitives.ReadUInt16LittleEndian(KernelFixture.Bytes(fixture).AsSpan(4));

    private static Recorder Decode(string fixture)
    {
        var r = new Recorder();
        ushort family = FamilyOf(fixture);
        Assert.True(KernelFixture.WithMessage(fixture, m => AlertDecoder.Dispatch(m, family, r)));
        return r;
    }

    [Theory]
    [InlineData("6.1-hw")]
    [InlineData("6.12")]
    public void HardwareSummaryListsEachTrapWithItsCount(string kernel)
    {
        Recorder r = Decode($"{kernel}/hw_alert_summary");
        // one batch of 10 netdevsim ticks; every tick reports each trap whose action is "trap" once
        Assert.Equal(
            [("fid_miss", 10u), ("blackhole_route", 10u), ("ttl_value_is_too_small", 10u), ("ingress_flow_action_drop", 10u)],
            r.Hardware);
        Assert.Empty(r.Software);
        Assert.Empty(r.Packets);
    }

    [Theory]
    [InlineData("6.1-hw", "fid_miss", "l2_drops", 2, "")]
    [InlineData("6.1-hw", "blackhole_route", "l3_drops", 2, "")]
    [InlineData("6.1-hw", "ttl_value_is_too_small", "l3_exceptions", 2, "")]
    [InlineData("6.1-hw", "ingress_flow_action_drop", "acl_drops", 2, Cookie)]
    [InlineData("6.12", "fid_miss", "l2_drops", 7, "")]
    [InlineData("6.12", "blackhole_route", "l3_drops", 7, "")]
    [InlineData("6.12", "ttl_value_is_too_small", "l3_exceptions", 7, "")]
    [InlineData("6.12", "ingress_flow_action_drop", "acl_drops", 7, Cookie)]
    public void HardwarePacketAlertCarriesTrapGroupPortAndCookie(string kernel, string trap, string group, int ifindex, string cookie)
    {
        Recorder r = Decode($"{kernel}/hw_packet_alert_{trap}");
        Assert.Equal(
            $"origin=1 pc=- sym=- trap={trap} group={group} if={ifindex} port=eth0 cookie={cookie} " +
            "proto=800 len=142 orig=142 ts=yes reason=-",
            Assert.Single(r.Packets));
    }

    [Theory]
    [InlineData("6.1-hw", 0UL, 60UL)]
    [InlineData("6.12", 1824UL, 144UL)]
    public void HardwareTailDropsComeFromTheSecondStatsNest(string kernel, ulong software, ulong hardware)
    {
        // captured after queue length 1 in packet mode: each tick's traps but one were tail-dropped
        Assert.Equal(new DropMonitorStats(software, hardware),
            KernelFixture.WithMessage($"{kernel}/stats_new_hw_tail_reply", m => ReplyDecoder.DecodeStats(m)));
    }

    [Theory]
    [InlineData("6.1-hw")]
    [InlineData("6.12")]
    public void OurHardwareStartAndStopMatchWhatTheKernelAcked(string kernel)
    {
        byte[] ours = new byte[NetDmRequests.MaxLength];
        foreach (var (name, build) in new (string, Func<byte[], ushort, uint, int>)[]
                 {
                     ("start_hw", (b, f, s) => NetDmRequests.Start(b, f, s, Origins.Hardware)),
                     ("stop_hw", (b, f, s) => NetDmRequests.Stop(b, f, s, Origins.Hardware)),
                 })
        {
            byte[] request = KernelFixture.Bytes($"{kernel}/{name}_request");
            int n = build(ours, FamilyOf($"{kernel}/{name}_request"), BinaryPrimitives.ReadUInt32LittleEndian(request.AsSpan(8)));
            Assert.Equal(Convert.ToHexString(request), Convert.ToHexString(ours, 0, n));
            int error = KernelFixture.WithMessage($"{kernel}/{name}_ack", m => ErrorMessage.Parse(m).Error);
            Assert.Equal(0, error);
        }
    }

    [Fact]
    public void Kernel612SoftwareAlertsDecode()
    {
        Assert.Equal([new SoftwareDrop(0xffffffff8ef78f65, 50)], Decode("6.12/alert_summary_1").Software);
        Assert.Equal([new SoftwareDrop(0xffffffff8ef78f65, 7), new SoftwareDrop(0xffffffff8ef6669e, 3)],
            Decode("6.12/alert_summary_2").Software);
        Assert.Equal(
            "origin=0 pc=ffffffff8ef78f65 sym=__udp4_lib_rcv+0x545/0xdd0 trap=- group=- if=1 port=- cookie= " +
            "proto=800 len=55 orig=55 ts=yes reason=NO_SOCKET",
            Assert.Single(Decode("6.12/packet_alert_udp").Packets));

        SymbolLoadResult loaded = KallsymsLoader.Load(KernelFixture.PathOf("6.12/kallsyms.txt"));
        Assert.True(loaded.Succeeded, loaded.Message);
        Assert.True(loaded.Table.TryFind(0xffffffff8ef78f65, out SymbolMatch udp));
        Assert.Equal(("__udp4_lib_rcv", 0x545UL), (udp.Name, udp.Offset));
    }

    [Fact]
    public void Kernel612FamilyReplyAndErrorsDecode()
    {
        FamilyInfo f = KernelFixture.WithMessage("6.12/getfamily_net_dm_reply", m => FamilyReplyDecoder.Decode(m));
        Assert.Equal(("NET_DM", (ushort)0x23, 2u, 23u), (f.Name, f.Id, f.Version, f.MaxAttribute));
        Assert.Equal(new Dictionary<string, uint> { ["events"] = 1 }, f.MulticastGroups);
        foreach (var (fixture, error, text) in new[]
                 {
                     ("start_eagain_extack", -11, "drop_monitor: Trace state already set to requested state"),
                     ("config_ebusy_extack", -16, "drop_monitor: Cannot configure drop monitor during monitoring"),
                     ("start_eperm_unprivileged", -1, ""),
                 })
        {
            var got = KernelFixture.WithMessage($"6.12/{fixture}", m =>
            {
                ErrorMessage e = ErrorMessage.Parse(m);
                return (e.Error, Encoding.UTF8.GetString(e.ExtAckMessage));
            });
            Assert.Equal((error, text), got);
        }
    }

    [Fact]
    public void Kernel612TracepointHasRxSkAndRenumberedReasons()
    {
        var format = TracepointFormat.Parse(File.ReadAllText(KernelFixture.PathOf("6.12/kfree_skb.format")));
        Assert.NotNull(format.RxSk);
        Assert.NotNull(format.Reason);
        // rx_sk (6.11+) sits between location and protocol, moving protocol and reason
        Assert.Equal((16, 24, 32, 36), (format.Location.Offset, format.RxSk!.Value.Offset, format.Protocol.Offset, format.Reason!.Value.Offset));
        // SKB_CONSUMED (6.3) shifted every reason by one: NO_SOCKET is 3 here, 2 on 6.1
        Assert.Equal(("NOT_SPECIFIED", "NO_SOCKET"), (format.ReasonName(2), format.ReasonName(3)));

        var old = TracepointFormat.Parse(File.ReadAllText(KernelFixture.PathOf("kfree_skb.format")));
        Assert.Null(old.RxSk);
        Assert.Equal("NO_SOCKET", old.ReasonName(2));
    }

    /// <summary>Records every field a hardware or software packet alert can carry, as one line per alert.</summary>
    private sealed class Recorder : IDropEventSink
    {
        public List<SoftwareDrop> Software { get; } = [];
        public List<(string, uint)> Hardware { get; } = [];
        public List<string> Packets { get; } = [];

        public void OnSummaryTableFull() { }

        public void OnDrop(in DropEvent a)
        {
            switch (a.Kind)
            {
                case DropKind.SoftwareSummary:
                    Software.Add(new SoftwareDrop(a.Pc, a.Count));
                    return;
                case DropKind.HardwareSummary:
                    Hardware.Add((Encoding.UTF8.GetString(a.TrapName), a.Count));
                    return;
            }
            Packets.Add(
                $"origin={(a.HasOrigin ? (int)a.Origin : -1)} pc={(a.HasPc ? a.Pc.ToString("x") : "-")} " +
                $"sym={(a.HasKernelSymbol ? Encoding.UTF8.GetString(a.KernelSymbol) : "-")} " +
                $"trap={(a.HasTrapName ? Encoding.UTF8.GetString(a.TrapName) : "-")} " +
                $"group={(a.HasTrapGroup ? Encoding.UTF8.GetString(a.TrapGroup) : "-")} " +
                $"if={(a.HasIfIndex ? a.IfIndex : -1)} port={(a.HasPortName ? Encoding.UTF8.GetString(a.PortName) : "-")} " +
                $"cookie={(a.HasCookie ? Convert.ToHexString(a.Cookie) : "")} " +
                $"proto={(a.HasProtocol ? a.Protocol.ToString("x") : "-")} len={(a.HasPayload ? a.Payload.Length : -1)} " +
                $"orig={(a.HasOriginalLength ? a.OriginalLength : 0)} ts={(a.HasTimestamp && a.TimestampNs > 0 ? "yes" : "no")} " +
                $"reason={(a.HasReason ? Encoding.UTF8.GetString(a.Reason) : "-")}");
        }
    }
}
