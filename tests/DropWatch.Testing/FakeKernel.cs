using DropWatch.Native;
using DropWatch.Core.DropMonitor;
using DropWatch.Netlink.Generic;
using DropWatch.Netlink.Transport;
using DropWatch.Netlink.Wire;

namespace DropWatch.Testing;

/// <summary>
/// A stand-in for the kernel's generic-netlink controller and NET_DM family, behind the same
/// transport seam as the real socket. It keeps NET_DM's global state (monitoring, mode,
/// truncation, queue length) and answers the way the 5.4+ kernel does, including its errors
/// and extended-ack texts.
/// </summary>
public sealed class FakeKernel
{
    private readonly object _gate = new();
    private readonly List<FakeSocket> _sockets = [];
    private uint _nextPort = 1000;

    public ushort NetDmFamilyId { get; init; } = 0x1c;
    public bool HasNetDm { get; set; } = true;
    public bool AllowGroupJoin { get; set; } = true;
    /// <summary>When set, START/STOP/CONFIG are refused with EPERM (no CAP_NET_ADMIN).</summary>
    public bool DenyAdmin { get; set; }

    public bool Monitoring { get; private set; }
    public AlertMode Mode { get; private set; } = AlertMode.Summary;
    public uint TruncationLength { get; private set; }
    public uint QueueLength { get; private set; } = 1000;
    public ulong SoftwareTailDropped { get; set; }

    public int StartCount { get; private set; }
    public int StopCount { get; private set; }
    public int ConfigCount { get; private set; }
    public int FamilyDumps { get; private set; }

    /// <summary>Every request received, as sent.</summary>
    public List<byte[]> Requests { get; } = [];

    /// <summary>Runs after a START has been acknowledged, e.g. to multicast alerts.</summary>
    public Action<FakeKernel>? AfterStart { get; set; }

    /// <summary>START takes effect but its ack never comes (a lost ack, a kernel too slow to answer).</summary>
    public bool SilentStart { get; set; }

    /// <summary>
    /// When set and it returns datagrams for a request, those are delivered instead of the normal answer:
    /// how tests play a kernel whose reply is malformed (or a fuzzer plays a hostile one).
    /// </summary>
    public Func<FakeRequest, byte[][]?>? ReplyOverride { get; set; }

    public INetlinkTransport Open()
    {
        lock (_gate)
        {
            var s = new FakeSocket(this, _nextPort++);
            _sockets.Add(s);
            return s;
        }
    }

    /// <summary>Delivers a datagram to every socket in the events group.</summary>
    public void Multicast(byte[] datagram)
    {
        FakeSocket[] members;
        lock (_gate) members = _sockets.Where(s => s.InEventsGroup).ToArray();
        foreach (FakeSocket s in members) s.Deliver(datagram);
    }

    /// <summary>Makes the next receive of every events-group member fail (EIO).</summary>
    public void BreakEventSockets()
    {
        FakeSocket[] members;
        lock (_gate) members = _sockets.Where(s => s.InEventsGroup).ToArray();
        foreach (FakeSocket s in members) s.DeliverFailure();
    }

    /// <summary>
    /// Makes every events-group member lose <paramref name="dropped"/> messages: its drop counter
    /// rises and its next receive reports the overrun (ENOBUFS), as a full socket queue does.
    /// </summary>
    public void Overrun(int dropped = 1)
    {
        FakeSocket[] members;
        lock (_gate) members = _sockets.Where(s => s.InEventsGroup).ToArray();
        foreach (FakeSocket s in members) s.DeliverOverrun(dropped);
    }

    public int OpenSocketCount { get { lock (_gate) return _sockets.Count(s => !s.Disposed); } }

    internal void Handle(FakeSocket from, ReadOnlySpan<byte> request)
    {
        Requests.Add(request.ToArray());
        var reader = new MessageReader(request);
        while (reader.TryRead(out NetlinkMessage m))
        {
            byte command = m.Payload.Length > 0 ? m.Payload[0] : (byte)0;
            if (ReplyOverride?.Invoke(new FakeRequest(m.Type, command, m.Sequence, from.PortId)) is { } replies)
            {
                foreach (byte[] reply in replies) from.Deliver(reply);
                continue;
            }
            if (m.Type == Controller.FamilyId)
                HandleController(from, m);
            else if (m.Type == NetDmFamilyId && HasNetDm)
                HandleNetDm(from, m);
            else
                from.Deliver(KernelMessages.Error(-Errno.EINVAL, m.Sequence, from.PortId, m.Type, null));
        }
    }

    private void HandleController(FakeSocket from, in NetlinkMessage m)
    {
        GenericMessage genl = GenericMessage.Parse(m);
        string? name = null;
        AttributeReader r = genl.GetAttributes();
        while (r.TryRead(out NetlinkAttribute a))
            if (a.Type == Controller.AttrFamilyName) name = a.GetString();

        if (genl.Command == Controller.CommandGetFamily && (m.Flags & Netlink.Wire.Netlink.FlagDump) == Netlink.Wire.Netlink.FlagDump)
        {
            // A dump: every family (here only NET_DM, when loaded) in one multi-part datagram, then DONE.
            FamilyDumps++;
            byte[] done = new MessageBuilder(Netlink.Wire.Netlink.TypeDone, Netlink.Wire.Netlink.FlagMulti, m.Sequence, from.PortId).Raw([0, 0, 0, 0]).Build();
            if (HasNetDm)
                from.Deliver(MessageBuilder.Datagram(KernelMessages.NetDmFamily(NetDmFamilyId, m.Sequence, from.PortId)));
            from.Deliver(done);
        }
        else if (genl.Command == Controller.CommandGetFamily && name == NetDm.FamilyName && HasNetDm)
        {
            from.Deliver(KernelMessages.NetDmFamily(NetDmFamilyId, m.Sequence, from.PortId));
            from.Deliver(KernelMessages.Ack(m.Sequence, from.PortId));
        }
        else
        {
            from.Deliver(KernelMessages.Error(-Errno.ENOENT, m.Sequence, from.PortId, m.Type, null));
        }
    }

    private void HandleNetDm(FakeSocket from, in NetlinkMessage m)
    {
        GenericMessage genl = GenericMessage.Parse(m);
        uint seq = m.Sequence;
        bool admin = genl.Command is NetDm.CmdStart or NetDm.CmdStop or NetDm.CmdConfig;
        if (admin && DenyAdmin)
        {
            from.Deliver(KernelMessages.Error(-Errno.EPERM, seq, from.PortId, m.Type, null));
            return;
        }

        switch (genl.Command)
        {
            case NetDm.CmdStart:
                if (Monitoring)
                {
                    from.Deliver(KernelMessages.Error(-Errno.EAGAIN, seq, from.PortId, m.Type,
                        "drop_monitor: Trace state already set to requested state"));
                    return;
                }
                Monitoring = true;
                StartCount++;
                if (SilentStart)
                    return;
                from.Deliver(KernelMessages.Ack(seq, from.PortId, m.Type));
                AfterStart?.Invoke(this);
                return;
            case NetDm.CmdStop:
                Monitoring = false;
                StopCount++;
                from.Deliver(KernelMessages.Ack(seq, from.PortId, m.Type));
                return;
            case NetDm.CmdConfig:
                if (Monitoring)
                {
                    from.Deliver(KernelMessages.Error(-Errno.EBUSY, seq, from.PortId, m.Type,
                        "drop_monitor: Cannot configure drop monitor during monitoring"));
                    return;
                }
                ConfigCount++;
                AttributeReader r = genl.GetAttributes();
                while (r.TryRead(out NetlinkAttribute a))
                {
                    if (a.Type == NetDm.AttrAlertMode) Mode = (AlertMode)a.GetU8();
                    else if (a.Type == NetDm.AttrTruncLen) TruncationLength = a.GetU32();
                    else if (a.Type == NetDm.AttrQueueLen) QueueLength = a.GetU32();
                }
                from.Deliver(KernelMessages.Ack(seq, from.PortId, m.Type));
                return;
            case NetDm.CmdConfigGet:
                from.Deliver(new MessageBuilder(NetDmFamilyId, 0, seq, from.PortId).Genl(NetDm.CmdConfigNew, 2)
                    .AttrU8(NetDm.AttrAlertMode, (byte)Mode)
                    .AttrU32(NetDm.AttrTruncLen, TruncationLength)
                    .AttrU32(NetDm.AttrQueueLen, QueueLength)
                    .Build());
                from.Deliver(KernelMessages.Ack(seq, from.PortId, m.Type));
                return;
            case NetDm.CmdStatsGet:
                from.Deliver(new MessageBuilder(NetDmFamilyId, 0, seq, from.PortId).Genl(NetDm.CmdStatsNew, 2)
                    .BeginNest(NetDm.AttrStats | Netlink.Wire.Netlink.AttributeNested).AttrU64(NetDm.AttrStatsDropped, SoftwareTailDropped).EndNest()
                    .BeginNest(NetDm.AttrHwStats | Netlink.Wire.Netlink.AttributeNested).AttrU64(NetDm.AttrStatsDropped, 0).EndNest()
                    .Build());
                from.Deliver(KernelMessages.Ack(seq, from.PortId, m.Type));
                return;
            default:
                from.Deliver(KernelMessages.Error(-Errno.EOPNOTSUPP, seq, from.PortId, m.Type, null));
                return;
        }
    }
}

/// <summary>What <see cref="FakeKernel.ReplyOverride"/> sees of one request.</summary>
/// <param name="Type">nlmsg_type: the controller (0x10) or the NET_DM family id.</param>
/// <param name="Command">The generic-netlink command.</param>
/// <param name="Sequence">The request's sequence number, which a reply must carry to be taken as its answer.</param>
/// <param name="PortId">The requesting socket's port id.</param>
public readonly record struct FakeRequest(ushort Type, byte Command, uint Sequence, uint PortId);
