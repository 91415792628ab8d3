using System.Text;
using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Core.Symbols;
using DropWatch.Netlink.Transport;

namespace DropWatch.Core.Tracing;

/// <summary>
/// The skb:kfree_skb tracepoint behind the same contract as NET_DM, so the REPL, the output and
/// the loss report are unchanged on kernels without the drop monitor. Summary mode aggregates
/// drops per location over 1 s windows (as NET_DM's kernel side does); packet mode prints the
/// fields the tracepoint has — location, time, protocol, reason — and invents none.
/// </summary>
public sealed class TracepointDropSource : IDropSource, ITracepointSink, IDropSummarySink
{
    /// <summary>Longest wait inside one receive, so a wake or a closing window is never late by more.</summary>
    private const int PollSliceMs = 200;

    private readonly KfreeSkbTracepoint _tracepoint;
    private readonly DropAggregator _aggregator;
    private readonly Dictionary<uint, byte[]> _reasonNames = [];
    private readonly byte[] _symbolScratch = new byte[512];
    private IAlertHandler? _handler;
    private AlertMode _mode = AlertMode.Summary;
    private bool _enabled;
    private ulong _lostBaseline;
    private ulong _malformedBaseline;
    private int _delivered;
    private volatile bool _woken;

    private TracepointDropSource(KfreeSkbTracepoint tracepoint)
    {
        _tracepoint = tracepoint;
        _aggregator = new DropAggregator(this);
    }

    /// <summary>Opens the tracepoint (disabled). Throws <see cref="TracepointException"/> saying why and what to do.</summary>
    public static TracepointDropSource Open(TracepointOptions? options = null) =>
        new(KfreeSkbTracepoint.Open(options ?? new TracepointOptions()));

    public string Name => "tracepoint skb:kfree_skb";

    /// <summary>Turns packet-mode locations into the kernel's <c>function+0xoff/0xsize</c>; set once symbols are loaded.</summary>
    public ISymbolResolver Symbols { get; set; } = NullResolver.Instance;

    public LossCounters Losses { get; } = new();

    public void BeginSession()
    {
        Losses.Reset();
        _lostBaseline = _tracepoint.LostEvents;
        _malformedBaseline = _tracepoint.MalformedRecords;
    }

    public void EndSession()
    {
        Losses.RingLostEvents = (long)(_tracepoint.LostEvents - _lostBaseline);
        Losses.MalformedDatagrams = (long)(_tracepoint.MalformedRecords - _malformedBaseline);
    }

    public void Start(Origins origins)
    {
        if ((origins & Origins.Hardware) != 0)
            throw new DropSourceException("hardware drops are reported only by the kernel's NET_DM drop monitor, not by the skb:kfree_skb tracepoint");
        _tracepoint.Enable();
        _enabled = true;
    }

    /// <summary>Disables the tracepoint, then hands over everything still buffered, including the open summary window.</summary>
    public void Stop(Origins origins)
    {
        _tracepoint.Disable();
        _enabled = false;
        if (_handler is null)
            return;
        _tracepoint.Drain(this);
        if (_mode == AlertMode.Summary)
            _aggregator.Flush();
    }

    public void Configure(AlertMode? mode = null, uint? truncation = null, uint? queueLength = null)
    {
        if (truncation is not null || queueLength is not null)
            throw new DropSourceException("truncation and queue length are NET_DM packet-mode settings; they do not apply to the skb:kfree_skb tracepoint (it carries no payload and has no kernel queue)");
        if (mode is { } m)
        {
            if (_enabled)
                throw new DropSourceException("cannot change the alert mode while monitoring; stop first");
            _mode = m;
        }
    }

    /// <summary>Only the alert mode applies; truncation and queue length are absent on purpose.</summary>
    public DropMonitorConfig GetConfig() => new((byte)_mode, null, null);

    /// <summary>"Tail dropped" here is what the tracepoint's ring buffers lost since the source was opened.</summary>
    public DropMonitorStats GetStats() => new(_tracepoint.LostEvents, null);

    public ReceiveStatus ReceiveAlerts(IAlertHandler handler, int timeoutMs)
    {
        _handler = handler;
        if (_woken)
        {
            _woken = false;
            return ReceiveStatus.Woken;
        }
        _delivered = 0;
        int slice = timeoutMs < 0 ? PollSliceMs : Math.Min(timeoutMs, PollSliceMs);
        _tracepoint.Poll(this, slice);
        if (_mode == AlertMode.Summary)
            _aggregator.AdvanceToNow();
        if (_delivered > 0)
            return ReceiveStatus.Data;
        return _woken ? ReceiveStatus.Woken : ReceiveStatus.TimedOut;
    }

    public void Wake() => _woken = true;

    public void OnDrop(in TracepointDrop drop)
    {
        if (_mode == AlertMode.Summary)
        {
            _aggregator.OnDrop(drop);
            return;
        }
        _delivered++;
        var alert = new PacketAlert
        {
            HasPc = true,
            Pc = drop.Location,
            HasSymbol = true,
            Symbol = FormatSymbol(drop.Location),
            HasOrigin = true,
            Origin = 0,
            HasTimestamp = true,
            TimestampNs = drop.TimestampNs,
            HasProtocol = true,
            Protocol = drop.Protocol,
        };
        if (ReasonName(drop.Reason) is { } reason)
        {
            alert.HasReason = true;
            alert.Reason = reason;
        }
        _handler?.OnPacketAlert(alert);
    }

    public void OnWindow(ReadOnlySpan<SoftwareDrop> drops, ulong windowStartNs, ulong windowEndNs)
    {
        _delivered += drops.Length;
        foreach (SoftwareDrop d in drops)
            _handler?.OnSoftwareDrop(d);
    }

    /// <summary>The kernel's %pS form, <c>function+0xoff/0xsize [module]</c>; the bare address when unresolved.</summary>
    private ReadOnlySpan<byte> FormatSymbol(ulong pc)
    {
        Span<byte> s = _symbolScratch;
        int n;
        if (Symbols.TryResolveExtent(pc, out SymbolMatch m, out ulong size) &&
            m.Name.Length + (m.Module?.Length ?? 0) < s.Length - 64)
        {
            n = Encoding.UTF8.GetBytes(m.Name, s);
            n += Write(s[n..], "+0x"u8);
            m.Offset.TryFormat(s[n..], out int w, "x");
            n += w;
            if (size > 0)
            {
                n += Write(s[n..], "/0x"u8);
                size.TryFormat(s[n..], out w, "x");
                n += w;
            }
            if (m.Module is { } module)
            {
                n += Write(s[n..], " ["u8);
                n += Encoding.UTF8.GetBytes(module, s[n..]);
                n += Write(s[n..], "]"u8);
            }
        }
        else
        {
            n = Write(s, "0x"u8);
            pc.TryFormat(s[n..], out int w, "x");
            n += w;
        }
        return s[..n];
    }

    private static int Write(Span<byte> to, ReadOnlySpan<byte> text)
    {
        text.CopyTo(to);
        return text.Length;
    }

    // Names come from this kernel's format file; cached as bytes so printing allocates nothing.
    private byte[]? ReasonName(uint reason)
    {
        if (_reasonNames.TryGetValue(reason, out byte[]? cached))
            return cached;
        string? name = _tracepoint.Format.ReasonName(reason);
        byte[]? bytes = name is null ? null : Encoding.UTF8.GetBytes(name);
        if (bytes is not null)
            _reasonNames[reason] = bytes;
        return bytes;
    }

    public void Dispose() => _tracepoint.Dispose();
}
