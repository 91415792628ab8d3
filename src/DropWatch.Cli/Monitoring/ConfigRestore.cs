using DropWatch.Core.DropMonitor;
using DropWatch.Netlink.Transport;

namespace DropWatch.Cli.Monitoring;

/// <summary>
/// NET_DM's mode, truncation and queue length are global and outlive the process that set them
/// (dwdump leaves packet mode on for every later client). <see cref="Take"/> reads them before a
/// tool changes them; <see cref="Restore"/> puts back exactly the ones that now differ, after STOP.
/// </summary>
public sealed class ConfigRestore
{
    private readonly INetDmControl _control;
    private readonly DropMonitorConfig _before;

    private ConfigRestore(INetDmControl control, DropMonitorConfig before)
    {
        _control = control;
        _before = before;
    }

    /// <summary>What the kernel had before. Throws <see cref="NetlinkException"/> (pre-5.4 kernels have no CONFIG_GET).</summary>
    public DropMonitorConfig Before => _before;

    public static ConfigRestore Take(INetDmControl control) => new(control, control.GetConfig());

    /// <summary>
    /// Sends one CONFIG with the settings that differ from the snapshot; nothing when none does.
    /// Returns the failure, if any (EBUSY when someone else is monitoring by now: the kernel then
    /// refuses any configuration, and what is left is theirs to change).
    /// </summary>
    public Exception? Restore()
    {
        try
        {
            DropMonitorConfig now = _control.GetConfig();
            AlertMode? mode = _before.AlertMode is { } m && m != now.AlertMode ? (AlertMode)m : null;
            uint? trunc = _before.TruncationLength is { } t && t != now.TruncationLength ? t : null;
            uint? queue = _before.QueueLength is { } q && q != now.QueueLength ? q : null;
            if (mode is null && trunc is null && queue is null)
                return null;
            _control.Configure(mode, trunc, queue);
            return null;
        }
        catch (NetlinkException e)
        {
            return e;
        }
    }
}
