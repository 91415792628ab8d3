using DropWatch.Cli.Pipeline;
using DropWatch.Core.Events;

namespace DropWatch.Cli.Filtering;

/// <summary>
/// A compiled <c>--filter</c> / <c>set filter</c> expression. Compiling allocates; matching a record
/// does not.
/// </summary>
public sealed class DropFilter
{
    private readonly FilterNode _root;

    private DropFilter(string text, FilterNode root)
    {
        Text = text;
        _root = root;
    }

    /// <summary>The expression as given, for <c>show</c> and the stop report.</summary>
    public string Text { get; }

    /// <summary>
    /// Throws <see cref="FilterSyntaxException"/> with the column of the first error.
    /// <paramref name="knownReasons"/>: the running kernel's reason names when the source knows them
    /// (then other names are refused), or null.
    /// </summary>
    public static DropFilter Compile(string text, IReadOnlyCollection<string>? knownReasons = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new DropFilter(text.Trim(), FilterParser.Parse(text, knownReasons));
    }

    /// <param name="interfaceNames">ifindex → name, for <c>ifname</c> (null: no names known).</param>
    public bool Matches(in DropEvent drop, in DropLocation location, Func<uint, string?>? interfaceNames = null)
    {
        var input = new FilterInput(location, interfaceNames);
        return _root.Matches(drop, ref input);
    }

    /// <summary>For <see cref="FilterStage"/>, which has already made the input (its headers are parsed at most once).</summary>
    internal bool Matches(in DropEvent drop, ref FilterInput input) => _root.Matches(drop, ref input);
}
