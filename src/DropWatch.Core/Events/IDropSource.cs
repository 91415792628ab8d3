using DropWatch.Core.DropMonitor;
using DropWatch.Netlink.Transport;

namespace DropWatch.Core.Events;

/// <summary>
/// Where drops come from: the kernel's NET_DM family, or the skb:kfree_skb tracepoint on
/// kernels without it. The REPL drives either through this one contract, so commands,
/// output, limits and signals behave the same.
/// </summary>
public interface IDropSource : IDisposable
{
    /// <summary>Short name for messages, e.g. "NET_DM" or "tracepoint skb:kfree_skb".</summary>
    string Name { get; }

    /// <summary>What was lost during the current or last session.</summary>
    LossCounters Losses { get; }

    /// <summary>Readies a session (discards stale data, records loss baselines).</summary>
    void BeginSession();

    /// <summary>Completes <see cref="Losses"/> after the source has stopped.</summary>
    void EndSession();

    /// <summary>Starts monitoring. Throws <see cref="NetlinkException"/> or <see cref="DropSourceException"/>.</summary>
    void Start(Origins origins);

    /// <summary>Stops monitoring; delivers nothing more after it returns except what is already queued.</summary>
    void Stop(Origins origins);

    /// <summary>Changes only the settings given.</summary>
    void Configure(AlertMode? mode = null, uint? truncation = null, uint? queueLength = null);

    DropMonitorConfig GetConfig();

    DropMonitorStats GetStats();

    /// <summary>Waits up to <paramref name="timeoutMs"/> (-1 = forever) for drops and hands them to <paramref name="handler"/>.</summary>
    ReceiveStatus ReceiveAlerts(IAlertHandler handler, int timeoutMs);

    /// <summary>Makes a blocked <see cref="ReceiveAlerts"/> return. Safe from any thread.</summary>
    void Wake();
}
