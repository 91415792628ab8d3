using DropWatch.Core.DropMonitor;
using DropWatch.Core.Events;
using DropWatch.Native;
using DropWatch.Netlink.Transport;

namespace DropWatch.Cli.Exporter;

/// <summary>
/// Packet mode when the source has it (only packet alerts carry drop reasons), summary otherwise;
/// and, for NET_DM, the kernel's alert mode as found, put back at exit. The alert mode is the only
/// kernel setting the exporter changes.
/// </summary>
public sealed class AlertModeChoice(IDropSource source, ExporterLog log)
{
    private AlertMode? _found;
    private bool _packetUnsupported;
    private bool _changed;

    /// <summary>Reads the kernel's mode once, before anything is changed.</summary>
    public void Capture()
    {
        if (source is not INetDmControl control)
            return;
        try
        {
            if (control.GetConfig().AlertMode is byte mode)
                _found = (AlertMode)mode;
        }
        catch (NetlinkException)
        {
            // Kernels before 5.4 have no CONFIG_GET, and no packet mode to switch to either.
        }
    }

    /// <summary>Before every START: asks for packet mode (refused while someone monitors; START then says so).</summary>
    public void Prepare()
    {
        if (_packetUnsupported || source.Mode == AlertMode.Packet)
            return;
        try
        {
            source.SetAlertMode(AlertMode.Packet);
            _changed = _found is not AlertMode.Packet;
        }
        catch (NetlinkException e) when (e.Errno == Errno.EBUSY)
        {
        }
        catch (NetlinkException e)
        {
            _packetUnsupported = true;
            log.Line($"packet mode is not available ({e.ErrnoText}): counting summaries, which carry no drop reasons");
        }
    }

    /// <summary>After the last STOP: the kernel's mode as we found it.</summary>
    public void Restore()
    {
        if (!_changed || _found is not { } found)
            return;
        try
        {
            source.SetAlertMode(found);
        }
        catch (NetlinkException e)
        {
            log.Line($"could not restore the drop monitor's alert mode to {found.ToString().ToLowerInvariant()}: {e.ErrnoText}");
        }
    }
}
