namespace DropWatch.Core.DropMonitor;

/// <summary>enum net_dm_alert_mode.</summary>
public enum AlertMode : byte
{
    Summary = 0,
    Packet = 1,
}
