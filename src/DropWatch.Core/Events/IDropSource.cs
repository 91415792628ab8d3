using DropWatch.Core.DropMonitor;
using DropWatch.Netlink.Transport;

namespace DropWatch.Core.Events;

/// <summary>
/// Where drops come from: the kernel's NET_DM family, or the skb:kfree_skb tracepoint on kernels
/// without it. This is what every source can do; what only one can (NET_DM's truncation, queue
/// length and statistics, the trace ring's losses) is a capability interface the source also
/// implements (<see cref="INetDmControl"/>, <see cref="Tracing.ITraceRingSource"/>).
/// </summary>
public interface IDropSource : IDisposable
{
    /// <summary>Short name for messages, e.g. "NET_DM" or "tracepoint skb:kfree_skb".</summary>
    string Name { get; }

    /// <summary>Which origins this source can report (the tracepoint sees no hardware drops).</summary>
    Origins SupportedOrigins { get; }

    /// <summary>The mode this tool last set (NET_DM's own state is read with <see cref="INetDmControl.GetConfig"/>).</summary>
    AlertMode Mode { get; }

    /// <summary>What was lost during the current or last session.</summary>
    LossCounters Losses { get; }

    /// <summary>Changes the alert mode. Throws <see cref="NetlinkException"/> or <see cref="DropSourceException"/>.</summary>
    void SetAlertMode(AlertMode mode);

    /// <summary>Readies a session (discards stale data, records loss baselines).</summary>
    void BeginSession();

    /// <summary>Completes <see cref="Losses"/> after the source has stopped.</summary>
    void EndSession();

    /// <summary>Starts monitoring. Throws <see cref="NetlinkException"/> or <see cref="DropSourceException"/>.</summary>
    void Start(Origins origins);

    /// <summary>Stops monitoring; afterwards <see cref="ReceiveAlerts"/> delivers only what was already queued.</summary>
    void Stop(Origins origins);

    /// <summary>Waits up to <paramref name="timeoutMs"/> (-1 = forever) for drops and hands them to <paramref name="sink"/>.</summary>
    ReceiveStatus ReceiveAlerts(IDropEventSink sink, int timeoutMs);

    /// <summary>Makes a blocked <see cref="ReceiveAlerts"/> (or the next one) return <see cref="ReceiveStatus.Woken"/>. Safe from any thread.</summary>
    void Wake();
}
