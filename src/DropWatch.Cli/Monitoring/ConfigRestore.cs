using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Netlink.Transport;

namespace DropWatch.Cli.Monitoring;

/// <summary>
/// Puts back the NET_DM settings a session changed. The kernel keeps alert mode, truncation and
/// queue length after every client has gone (upstream and dwdump leave packet mode on for the
/// next user). The settings are read before anything is changed; after STOP, each one we changed
/// that still holds our value gets its old value back. One that someone else changed since is
/// theirs now and is left alone.
/// </summary>
public sealed class ConfigRestore
{
    private readonly INetDmControl _control;
    private readonly DropMonitorConfig _before;
    private AlertMode? _mode;
    private uint? _truncation;
    private uint? _queueLength;

    private ConfigRestore(INetDmControl control, DropMonitorConfig before)
    {
        _control = control;
        _before = before;
    }

    /// <summary>Reads the kernel's settings. Throws <see cref="NetlinkException"/> or <see cref="DropSourceException"/>.</summary>
    public static ConfigRestore Snapshot(INetDmControl control) => new(control, control.GetConfig());

    /// <summary>The settings as they were before <see cref="Apply"/>.</summary>
    public DropMonitorConfig Before => _before;

    /// <summary>
    /// Sets what differs from the snapshot (null: leave alone), in one CONFIG request; nothing is
    /// sent when nothing differs. The alert mode, when given, is always sent: the client then knows
    /// the mode it monitors in. Throws the request's failure. What was changed is remembered before
    /// the request goes out: a request without an answer may still have taken effect.
    /// </summary>
    public void Apply(AlertMode? mode = null, uint? truncation = null, uint? queueLength = null)
    {
        uint? newTruncation = truncation is { } t && _before.TruncationLength != t ? t : null;
        uint? newQueue = queueLength is { } q && _before.QueueLength != q ? q : null;
        if (mode is null && newTruncation is null && newQueue is null)
            return;
        // Only a setting whose old value we know can be put back.
        if (mode is { } m && _before.AlertMode is { } oldMode && oldMode != (byte)m)
            _mode = m;
        if (newTruncation is not null && _before.TruncationLength is not null)
            _truncation = newTruncation;
        if (newQueue is not null && _before.QueueLength is not null)
            _queueLength = newQueue;
        _control.Configure(mode, newTruncation, newQueue);
    }

    /// <summary>True when <see cref="Apply"/> asked the kernel for a change that <see cref="Restore"/> would undo.</summary>
    public bool Changed => _mode is not null || _truncation is not null || _queueLength is not null;

    /// <summary>
    /// After STOP: gives each setting we changed its old value back, unless another client has
    /// changed it since. Returns the failure (e.g. EBUSY: another client monitors now), or null.
    /// Safe to call more than once.
    /// </summary>
    public Exception? Restore()
    {
        if (!Changed)
            return null;
        try
        {
            DropMonitorConfig now = _control.GetConfig();
            AlertMode? mode = _mode is { } m && now.AlertMode == (byte)m ? (AlertMode)_before.AlertMode!.Value : null;
            uint? truncation = _truncation is { } t && now.TruncationLength == t ? _before.TruncationLength : null;
            uint? queueLength = _queueLength is { } q && now.QueueLength == q ? _before.QueueLength : null;
            if (mode is not null || truncation is not null || queueLength is not null)
                _control.Configure(mode, truncation, queueLength);
            _mode = null;
            _truncation = null;
            _queueLength = null;
            return null;
        }
        catch (Exception e) when (e is NetlinkException or DropSourceException)
        {
            return e;
        }
    }
}
