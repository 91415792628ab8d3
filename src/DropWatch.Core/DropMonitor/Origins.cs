namespace DropWatch.Core.DropMonitor;

/// <summary>
/// Which drops START/STOP name. The kernel treats a request with neither flag as "software",
/// so <see cref="None"/> is the upstream default and still monitors software drops.
/// </summary>
[Flags]
public enum Origins
{
    None = 0,
    Software = 1,
    Hardware = 2,
}
