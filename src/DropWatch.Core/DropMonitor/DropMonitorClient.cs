using DropWatch.Core.Events;
using DropWatch.Netlink.Generic;
using DropWatch.Netlink.Transport;
using DropWatch.Netlink.Wire;

namespace DropWatch.Core.DropMonitor;

/// <summary>
/// A NET_DM session over two sockets: a control socket for requests and acks, and an events
/// socket subscribed to the "events" group. Keeping them apart means an alert storm can
/// overrun only the events socket; acks always get through.
/// </summary>
public sealed class DropMonitorClient : IDropSource, INetDmControl
{
    /// <summary>Enough for the largest packet alert (~66 KB) with room to spare.</summary>
    public const int ReceiveBufferLength = 128 * 1024;

    /// <summary>
    /// Datagrams read per batch, each into its own slot of <see cref="ReceiveBufferLength"/>. The
    /// slots are allocated uninitialized: only the pages the kernel writes become resident, so
    /// small alerts cost a page per slot, not 2 MiB.
    /// </summary>
    public const int BatchSlots = 16;

    private readonly RequestChannel _control;
    private readonly INetlinkTransport _events;
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(BatchSlots * ReceiveBufferLength);
    private readonly uint _groupId;
    private readonly bool _joined;
    private long _dropBaseline = -1;
    private ulong? _tailBaseline;

    private DropMonitorClient(RequestChannel control, INetlinkTransport events, FamilyInfo family, uint groupId, int grantedBuffer, bool joined)
    {
        _joined = joined;
        _control = control;
        _events = events;
        Family = family;
        _groupId = groupId;
        GrantedReceiveBuffer = grantedBuffer;
    }

    public string Name => "NET_DM";

    public Origins SupportedOrigins => Origins.Software | Origins.Hardware;

    /// <summary>Summary until this tool sets packet mode: the kernel's default, and what a fresh module has.</summary>
    public AlertMode Mode { get; private set; } = AlertMode.Summary;

    public FamilyInfo Family { get; }
    public int GrantedReceiveBuffer { get; }
    public LossCounters Losses { get; } = new();

    /// <summary>
    /// When set, every datagram received on the events socket is handed over as it came, before it
    /// is decoded (a capture file stores them). The same receive buffer, no copy, no allocation.
    /// </summary>
    public RawDatagramHandler? RawDatagrams { get; set; }

    /// <summary>
    /// Resolves NET_DM, opens the events socket and joins the group. Throws
    /// <see cref="NetlinkException"/>: ENOENT when the family is missing, EPERM when joining the
    /// group is not allowed. Without <paramref name="joinEvents"/> only requests work (a query needs
    /// no alerts, and joining needs a privilege that CONFIG_GET and STATS_GET do not).
    /// </summary>
    public static DropMonitorClient Connect(Func<INetlinkTransport> openSocket, int receiveBufferBytes, bool joinEvents = true)
    {
        var control = new RequestChannel(openSocket());
        INetlinkTransport? events = null;
        try
        {
            FamilyInfo family = FamilyResolver.Resolve(control, NetDm.FamilyName);
            uint group = family.MulticastGroups.TryGetValue(NetDm.EventsGroupName, out uint id)
                ? id : NetDm.LegacyEventsGroupId;
            events = openSocket();
            int granted = events.SetReceiveBufferSize(receiveBufferBytes);
            if (joinEvents)
                events.JoinGroup(group);
            return new DropMonitorClient(control, events, family, group, granted, joinEvents);
        }
        catch
        {
            events?.Dispose();
            control.Dispose();
            throw;
        }
    }

    public void Start(Origins origins) =>
        Exchange("start monitoring", (b, family, seq) => NetDmRequests.Start(b, family, seq, origins));

    public void Stop(Origins origins) =>
        Exchange("stop monitoring", (b, family, seq) => NetDmRequests.Stop(b, family, seq, origins));

    public void Configure(AlertMode? mode = null, uint? truncation = null, uint? queueLength = null)
    {
        Exchange("configure the drop monitor",
            (b, family, seq) => NetDmRequests.Config(b, family, seq, mode, truncation, queueLength));
        if (mode is { } m)
            Mode = m;
    }

    public void SetAlertMode(AlertMode mode) => Configure(mode: mode);

    public DropMonitorConfig GetConfig()
    {
        DropMonitorConfig? config = null;
        Exchange("query the drop monitor configuration", NetDmRequests.ConfigGet,
            (in NetlinkMessage m) => config = ReplyDecoder.DecodeConfig(m));
        return config ?? new DropMonitorConfig(null, null, null);
    }

    public DropMonitorStats GetStats()
    {
        DropMonitorStats? stats = null;
        Exchange("query the drop monitor statistics", NetDmRequests.StatsGet,
            (in NetlinkMessage m) => stats = ReplyDecoder.DecodeStats(m));
        return stats ?? new DropMonitorStats(null, null);
    }

    private delegate int BuildRequest(Span<byte> buffer, ushort family, uint sequence);

    /// <summary>One request/ack exchange on the control socket (requests are a few dozen bytes: stack buffer).</summary>
    private void Exchange(string operation, BuildRequest build, ReplyHandler? onReply = null)
    {
        uint seq = _control.NextSequence();
        Span<byte> request = stackalloc byte[NetDmRequests.MaxLength];
        int length = build(request, Family.Id, seq);
        _control.Execute(operation, request[..length], seq, onReply);
    }

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> for one datagram on the events socket and hands
    /// its alerts to <paramref name="sink"/>; with a timeout of 0 it takes every datagram queued
    /// now, up to <see cref="BatchSlots"/>, in one batch (one recvmmsg on the real socket). Bad
    /// datagrams are counted, never thrown.
    /// </summary>
    public ReceiveStatus ReceiveAlerts(IDropEventSink sink, int timeoutMs)
    {
        if (timeoutMs == 0)
            return ReceiveQueued(sink);
        return Handle(_events.Receive(_buffer.AsSpan(0, ReceiveBufferLength), timeoutMs), 0, sink);
    }

    private ReceiveStatus ReceiveQueued(IDropEventSink sink)
    {
        Span<ReceiveResult> results = stackalloc ReceiveResult[BatchSlots];
        int received = _events.ReceiveBatch(_buffer, ReceiveBufferLength, results);
        ReceiveStatus status = ReceiveStatus.TimedOut;
        for (int i = 0; i < received; i++)
        {
            ReceiveStatus one = Handle(results[i], i, sink);
            if (status != ReceiveStatus.Data)
                status = one;
        }
        return status;
    }

    private ReceiveStatus Handle(ReceiveResult r, int slot, IDropEventSink sink)
    {
        switch (r.Status)
        {
            case ReceiveStatus.Overrun:
                Losses.SocketOverruns++;
                return r.Status;
            case ReceiveStatus.Data:
                // NET_DM sends one message per datagram, so a cut one holds nothing whole: one loss, counted once.
                Span<byte> datagram = _buffer.AsSpan(slot * ReceiveBufferLength, Math.Min(r.Length, ReceiveBufferLength));
                RawDatagrams?.Invoke(datagram);
                if (r.Truncated) Losses.TruncatedDatagrams++;
                else Decode(datagram, sink);
                return r.Status;
            default:
                return r.Status;
        }
    }

    /// <summary>
    /// Discards whatever is queued on the events socket (alerts from another client's session
    /// that arrived while we sat at the prompt) so a new session starts clean.
    /// </summary>
    public void DiscardPending()
    {
        while (_events.Receive(_buffer.AsSpan(0, ReceiveBufferLength), 0).Status is ReceiveStatus.Data or ReceiveStatus.Overrun)
        {
        }
    }

    /// <summary>
    /// Prepares a monitoring session: discards stale alerts and records the kernel's loss
    /// counters, so <see cref="EndSession"/> can report exactly what this session lost.
    /// </summary>
    public void BeginSession()
    {
        DiscardPending();
        Losses.Reset();
        _dropBaseline = _events.ReadDropCount();
        _tailBaseline = TryReadTailDropped();
    }

    /// <summary>Reads the loss counters again after STOP and fills in <see cref="Losses"/>.</summary>
    public void EndSession()
    {
        long drops = _events.ReadDropCount();
        if (drops >= 0 && _dropBaseline >= 0)
            Losses.SocketDroppedAlerts = drops - _dropBaseline;
        if (_tailBaseline is { } before && TryReadTailDropped() is { } after)
            Losses.KernelTailDropped = (long)(after - before);
    }

    // Kernels before 5.4 have no STATS_GET; their losses are then only what the socket reports.
    private ulong? TryReadTailDropped()
    {
        try
        {
            DropMonitorStats s = GetStats();
            return s.SoftwareTailDropped is null && s.HardwareTailDropped is null
                ? null
                : (s.SoftwareTailDropped ?? 0) + (s.HardwareTailDropped ?? 0);
        }
        catch (NetlinkException)
        {
            return null;
        }
    }

    /// <summary>Makes a blocked <see cref="ReceiveAlerts"/> return. Safe from any thread.</summary>
    public void Wake() => _events.Wake();

    private void Decode(ReadOnlySpan<byte> datagram, IDropEventSink sink)
    {
        try
        {
            var messages = new MessageReader(datagram);
            while (messages.TryRead(out NetlinkMessage m))
                AlertDecoder.Dispatch(m, Family.Id, sink);
        }
        catch (NetlinkFormatException)
        {
            Losses.MalformedDatagrams++;
        }
    }

    public void Dispose()
    {
        if (_joined)
            _events.LeaveGroup(_groupId);
        _events.Dispose();
        _control.Dispose();
    }
}
