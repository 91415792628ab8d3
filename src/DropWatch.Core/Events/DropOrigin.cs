namespace DropWatch.Core.Events;

/// <summary>
/// Where a drop happened. The values are the kernel's (enum net_dm_origin); a newer kernel may send a
/// value without a name here, and it is kept as sent so it can be shown as "unknown".
/// </summary>
public enum DropOrigin : ushort
{
    Software = 0,
    Hardware = 1,
}
