namespace DropWatch.Core.DropMonitor;

/// <summary>
/// The settings and counters only NET_DM has: packet truncation, the per-CPU alert queue and the
/// kernel's statistics. Every call is a kernel request and throws <see cref="Netlink.Transport.NetlinkException"/>.
/// </summary>
public interface INetDmControl
{
    /// <summary>Changes only the settings given.</summary>
    void Configure(AlertMode? mode = null, uint? truncation = null, uint? queueLength = null);

    DropMonitorConfig GetConfig();

    DropMonitorStats GetStats();
}
