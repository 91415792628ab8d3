using DropWatch.Cli.Pipeline;
using DropWatch.Core.Events;

namespace DropWatch.Cli.Noise;

/// <summary>
/// Drops that are normal, not trouble, hidden before the alert limit and every sink (text, JSON, the table):
/// packets with L3 protocol 0 — sockets' queues purged on close, which hsflowd ignores for the same
/// reason — when <see cref="HidePurges"/> is on (<c>--hide-noise</c>), and drops whose symbol matches an
/// <c>--ignore</c> glob. Off unless asked for, so the default output stays upstream's. A predicate with a
/// counter: a general filter stage can take it over as one of its terms.
/// </summary>
public sealed class NoiseFilter(bool hidePurges, IReadOnlyList<SymbolGlob> ignore)
{
    private readonly SymbolGlob[] _ignore = ignore.ToArray();

    public bool HidePurges { get; } = hidePurges;

    public IReadOnlyList<SymbolGlob> Ignore => _ignore;

    /// <summary>Whether anything can be hidden at all (no filter is installed otherwise).</summary>
    public bool IsActive => HidePurges || _ignore.Length > 0;

    /// <summary>Drops hidden in the current session (a summary entry counts its drops).</summary>
    public ulong Hidden { get; private set; }

    public void Reset() => Hidden = 0;

    public bool Hides(in DropEvent drop, in DropLocation location)
    {
        bool hide = (HidePurges && drop.Kind == DropKind.Packet && drop.HasProtocol && drop.Protocol == 0)
                    || (_ignore.Length > 0 && Ignored(drop, location));
        if (hide)
            Hidden += drop.Count;
        return hide;
    }

    private bool Ignored(in DropEvent drop, in DropLocation location)
    {
        if (location.Resolved)
        {
            foreach (SymbolGlob glob in _ignore)
                if (glob.Matches(location.Symbol.Name))
                    return true;
            return false;
        }
        if (drop.HasKernelSymbol)
        {
            // The kernel's "func+0xoff/0xsize": the glob is about the function.
            ReadOnlySpan<byte> text = drop.KernelSymbol;
            int plus = text.IndexOf((byte)'+');
            ReadOnlySpan<byte> function = plus >= 0 ? text[..plus] : text;
            foreach (SymbolGlob glob in _ignore)
                if (glob.Matches(function))
                    return true;
        }
        return false;
    }
}
