using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Netlink.Generic;
using DropWatch.Netlink.Transport;
using DropWatch.Testing;

namespace DropWatch.Fuzz.Targets;

/// <summary>
/// The request and reply paths through <see cref="DropMonitorClient"/> with a hostile kernel behind a
/// scripted socket. Requests may only fail with <see cref="NetlinkException"/> (the CLI's one handler);
/// receiving alerts may not fail at all, and counts a bad datagram as at most one loss.
/// </summary>
internal static class ClientTargets
{
    // Input layout for requests: byte 0 picks the request, the rest is the reply datagram (its sequence
    // fields are XORed with the request's, so a seed with 0 there is an answer to the request).
    private enum Request : byte { Connect, GetConfig, GetStats, Start, Stop, Configure }

    private const int Requests = 6;

    private static readonly ScriptedTransport Control = new();
    private static readonly ScriptedTransport Events = new();
    private static readonly Lazy<DropMonitorClient> Client = new(ConnectClean);

    public static IEnumerable<FuzzTarget> All()
    {
        yield return new FuzzTarget("client-requests", 8, RequestSeeds, Exchange, typeof(NetlinkException));
        yield return new FuzzTarget("client-alerts", 8, AlertSeeds, ReceiveAlert);
    }

    private static DropMonitorClient ConnectClean()
    {
        Control.NextReplies.Clear();
        Control.NextReplies.Add(FamilyReply());
        bool events = false;
        var client = DropMonitorClient.Connect(() => (events = !events) ? Control : Events, 1 << 20);
        Control.NextReplies.Clear();
        return client;
    }

    private static byte[] FamilyReply() => KernelMessages.NetDmFamily(Seeds.NetDmFamily, 0, 0);

    private static IReadOnlyList<byte[]> RequestSeeds()
    {
        var config = new MessageBuilder(Seeds.NetDmFamily, 0, 0, 0).Genl(NetDm.CmdConfigNew, 2)
            .AttrU8(NetDm.AttrAlertMode, 1).AttrU32(NetDm.AttrTruncLen, 64).AttrU32(NetDm.AttrQueueLen, 1000).Build();
        var stats = new MessageBuilder(Seeds.NetDmFamily, 0, 0, 0).Genl(NetDm.CmdStatsNew, 2)
            .BeginNest(NetDm.AttrStats).AttrU64(NetDm.AttrStatsDropped, 5).EndNest()
            .BeginNest(NetDm.AttrHwStats).AttrU64(NetDm.AttrStatsDropped, 0).EndNest().Build();
        var refusal = KernelMessages.Error(-16, 0, 0, Seeds.NetDmFamily, "drop_monitor: Cannot configure drop monitor during monitoring");
        return
        [
            [(byte)Request.Connect, .. FamilyReply()],
            [(byte)Request.Connect, .. ZeroSequence(Seeds.Captured("getfamily_net_dm_reply"))],
            [(byte)Request.GetConfig, .. config],
            [(byte)Request.GetConfig, .. ZeroSequence(Seeds.Captured("config_new_packet_reply"))],
            [(byte)Request.GetStats, .. stats],
            [(byte)Request.GetStats, .. ZeroSequence(Seeds.Captured("stats_new_reply"))],
            [(byte)Request.Start, .. ZeroSequence(Seeds.Captured("start_eagain_extack"))],
            [(byte)Request.Stop, .. ZeroSequence(Seeds.Captured("stop_when_stopped_ack"))],
            [(byte)Request.Configure, .. refusal],
        ];
    }

    private static byte[] ZeroSequence(byte[] datagram)
    {
        Seeds.SetSequences(datagram, 0, xor: false);
        return datagram;
    }

    private static Outcome Exchange(byte[] input)
    {
        if (input.Length == 0) return Outcome.Rejected;
        byte[] reply = input[1..];
        var request = (Request)(input[0] % Requests);
        if (request == Request.Connect)
        {
            // A fresh client whose family resolution gets the input; the events socket is never reached
            // unless the reply describes a family.
            Control.NextReplies.Clear();
            Control.NextReplies.Add(reply);
            bool events = false;
            using var connected = DropMonitorClient.Connect(() => (events = !events) ? Control : Events, 1 << 20);
            _ = connected.Family.Id;
            return Outcome.Accepted;
        }

        DropMonitorClient client = Client.Value;
        Control.NextReplies.Clear();
        Control.NextReplies.Add(reply);
        switch (request)
        {
            case Request.GetConfig: _ = client.GetConfig(); break;
            case Request.GetStats: _ = client.GetStats(); break;
            case Request.Start: client.Start(Origins.Software); break;
            case Request.Stop: client.Stop(Origins.Software); break;
            default: client.Configure(AlertMode.Packet, 64, 100); break;
        }

        return Outcome.Accepted;
    }

    private static IReadOnlyList<byte[]> AlertSeeds()
    {
        // Byte 0: bit 0 says the datagram arrived truncated; the rest is the datagram.
        List<byte[]> seeds = [];
        foreach (byte[] d in (IEnumerable<byte[]>)[Seeds.Captured("alert_summary_1"), Seeds.Captured("alert_summary_2"),
                     .. Seeds.PacketAlerts(), .. Seeds.WideTrees(), .. Seeds.MultiMessage()])
        {
            seeds.Add([0, .. d]);
        }

        seeds.Add([1, .. Seeds.Captured("packet_alert_udp")]);
        return seeds;
    }

    private static readonly CountingHandler Handler = new();

    private static Outcome ReceiveAlert(byte[] input)
    {
        if (input.Length == 0) return Outcome.Rejected;
        DropMonitorClient client = Client.Value;
        LossCounters losses = client.Losses;
        long before = losses.MalformedDatagrams + losses.TruncatedDatagrams;
        Events.Deliver(input[1..], truncated: (input[0] & 1) != 0);
        if (client.ReceiveAlerts(Handler, 0) != ReceiveStatus.Data) throw new InvariantException("the datagram was not received");
        long counted = losses.MalformedDatagrams + losses.TruncatedDatagrams - before;
        if (counted > 1) throw new InvariantException($"one datagram counted as {counted} losses");
        return counted == 0 ? Outcome.Accepted : Outcome.Rejected;
    }

    private sealed class CountingHandler : IDropEventSink
    {
        public long Calls;

        public void OnDrop(in DropEvent drop) => Calls += drop.Payload.Length > 0 ? 2 : 1;

        public void OnSummaryTableFull() => Calls++;
    }
}
