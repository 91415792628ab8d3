using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Netlink.Wire;

namespace DropWatch.Fuzz.Targets;

/// <summary>NET_DM's unicast replies (CONFIG_NEW, STATS_NEW) and multicast alerts (summary, hardware, packet).</summary>
internal static class NetDmTargets
{
    public static IEnumerable<FuzzTarget> All()
    {
        yield return new FuzzTarget("netdm-reply", 6, ReplySeeds, DecodeReplies, typeof(NetlinkFormatException));
        yield return new FuzzTarget("alert", 12, AlertSeeds, DecodeAlerts, typeof(NetlinkFormatException));
    }

    private static IReadOnlyList<byte[]> ReplySeeds() =>
    [
        Seeds.Captured("config_new_reply"), Seeds.Captured("config_new_packet_reply"),
        Seeds.Captured("stats_new_reply"), Seeds.Captured("stats_new_after_packet_reply"),
    ];

    // Each message through both decoders: each must refuse the other's command the designated way.
    private static Outcome DecodeReplies(byte[] datagram)
    {
        var messages = new MessageReader(datagram);
        Outcome outcome = Outcome.Rejected;
        while (messages.TryRead(out NetlinkMessage m))
        {
            try { _ = ReplyDecoder.DecodeConfig(m); outcome = Outcome.Accepted; }
            catch (NetlinkFormatException) { }

            try { _ = ReplyDecoder.DecodeStats(m); outcome = Outcome.Accepted; }
            catch (NetlinkFormatException) { }
        }

        return outcome;
    }

    private static IReadOnlyList<byte[]> AlertSeeds() =>
    [
        Seeds.Captured("alert_summary_1"), Seeds.Captured("alert_summary_2"),
        .. Seeds.PacketAlerts(), .. Seeds.WideTrees(), .. Seeds.MultiMessage(), Seeds.DeepNest(),
    ];

    private static readonly CheckingHandler Handler = new();

    private static Outcome DecodeAlerts(byte[] datagram)
    {
        var messages = new MessageReader(datagram);
        while (messages.TryRead(out NetlinkMessage m))
        {
            // The message's own type as the family id, so every message reaches the decoders.
            AlertDecoder.Dispatch(m, m.Type, Handler);
        }

        return Outcome.Accepted;
    }

    /// <summary>Touches everything a printer would, so a span that points outside its message would show.</summary>
    private sealed class CheckingHandler : IDropEventSink
    {
        private long _sink;

        public void OnDrop(in DropEvent drop)
        {
            switch (drop.Kind)
            {
                case DropKind.SoftwareSummary:
                    _sink += (long)drop.Pc + drop.Count;
                    break;
                case DropKind.HardwareSummary:
                    if (drop.TrapName.IsEmpty) throw new InvariantException("hardware drop without a trap name");
                    _sink += drop.TrapName[^1] + drop.Count;
                    break;
                default:
                    _sink += Sum(drop.KernelSymbol) + Sum(drop.TrapGroup) + Sum(drop.TrapName) + Sum(drop.PortName)
                        + Sum(drop.Cookie) + Sum(drop.Payload) + Sum(drop.Reason);
                    if (drop.KernelSymbol.IndexOf((byte)0) >= 0 || drop.Reason.IndexOf((byte)0) >= 0)
                        throw new InvariantException("string field contains its NUL");
                    break;
            }
        }

        public void OnSummaryTableFull() => _sink++;

        private static long Sum(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? 0 : bytes[0] + bytes[^1] + bytes.Length;
    }
}
