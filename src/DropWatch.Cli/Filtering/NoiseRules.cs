using DropWatch.Core.Events;

namespace DropWatch.Cli.Filtering;

/// <summary>
/// Drops that are normal, not trouble: packets with L3 protocol 0 — sockets' queues purged on close,
/// which hsflowd ignores for the same reason — when <see cref="HidePurges"/> is on (<c>--hide-noise</c>),
/// and drops whose function matches an <c>--ignore</c> glob (the filter's <c>symbol in (…)</c> test, so
/// both name a drop's function the same way). Off unless asked for, so the default output stays upstream's.
/// Fixed for the process; <see cref="FilterStage"/> applies and counts it.
/// </summary>
public sealed class NoiseRules
{
    private readonly NameTest? _ignored;

    /// <exception cref="ArgumentException">An empty glob (the command line refuses it first).</exception>
    public NoiseRules(bool hidePurges, IReadOnlyList<string> ignore)
    {
        foreach (string glob in ignore)
        {
            if (glob.Length == 0)
                throw new ArgumentException("an empty pattern matches nothing; give a symbol name or a glob such as 'tcp_*'", nameof(ignore));
        }
        HidePurges = hidePurges;
        Ignore = ignore.ToArray();
        _ignored = Ignore.Count > 0 ? new NameTest(FilterField.Symbol, [.. Ignore], negated: false) : null;
    }

    public bool HidePurges { get; }

    public IReadOnlyList<string> Ignore { get; }

    /// <summary>Whether anything can be hidden at all.</summary>
    public bool IsActive => HidePurges || _ignored is not null;

    internal bool Hides(in DropEvent drop, ref FilterInput input) =>
        (HidePurges && drop.Kind == DropKind.Packet && drop.HasProtocol && drop.Protocol == 0)
        || (_ignored is not null && _ignored.Matches(drop, ref input));
}
