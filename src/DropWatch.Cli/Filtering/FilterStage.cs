using DropWatch.Cli.Pipeline;
using DropWatch.Core.Events;

namespace DropWatch.Cli.Filtering;

/// <summary>
/// The pipeline's one filter stage, between resolving a drop and the alert limit: first the noise rules
/// (<c>--hide-noise</c>, <c>--ignore</c>; fixed for the process), then the user's filter (<c>--filter</c>,
/// <c>set filter</c>; replaced at any time). A drop either stage stops reaches no sink and counts toward no
/// limit. The stage counts, per session, what each stopped, because the two are reported apart: hidden
/// noise under the table, filtered drops after the stop lines. Allocates nothing per drop.
/// </summary>
public sealed class FilterStage(NoiseRules? noise = null)
{
    /// <summary>Null when no noise control was asked for.</summary>
    public NoiseRules? Noise { get; } = noise is { IsActive: true } ? noise : null;

    /// <summary>The compiled user filter; null: every drop the noise rules let through passes.</summary>
    public DropFilter? User { get; set; }

    /// <summary>ifindex → interface name, for the filter's <c>ifname</c>.</summary>
    public Func<uint, string?>? InterfaceNames { get; set; }

    /// <summary>Drops hidden as noise in the current session (a summary entry counts its drops).</summary>
    public ulong Hidden { get; private set; }

    /// <summary>Drops the user filter kept from the sinks in the current session (noise not included).</summary>
    public ulong Filtered { get; private set; }

    /// <summary>The session's filtered count when a user filter is set (what the stop report says), else null.</summary>
    public ulong? FilteredIfAny => User is null ? null : Filtered;

    /// <summary>A new session: both counts restart.</summary>
    public void Reset()
    {
        Hidden = 0;
        Filtered = 0;
    }

    /// <summary>Whether the drop goes on to the limit and the sinks; counts it when it does not.</summary>
    public bool Passes(in DropEvent drop, in DropLocation location)
    {
        if (Noise is null && User is null)
            return true;
        var input = new FilterInput(location, InterfaceNames);
        if (Noise is { } noise && noise.Hides(drop, ref input))
        {
            Hidden += drop.Count;
            return false;
        }
        if (User is { } user && !user.Matches(drop, ref input))
        {
            Filtered += drop.Count;
            return false;
        }
        return true;
    }
}
