using DropWatch.Core.Symbols;

namespace DropWatch.Cli.Hosting;

public enum LookupKind
{
    /// <summary>No -l: kallsyms when it shows real addresses, else raw addresses.</summary>
    Auto,
    List,
    Method,
    Unknown,
}

/// <summary>
/// What <c>-l</c> asked for. Upstream matches by prefix (<c>-l kasXYZ</c> is kas, <c>-l listfoo</c>
/// lists); the catalog applies that rule. <c>-l null</c> (raw addresses) is our addition.
/// </summary>
public sealed record LookupChoice(LookupKind Kind, LookupMethod Method = LookupMethod.Null)
{
    public static string ListText =>
        LookupMethodCatalog.ListHeader + "\n" +
        string.Concat(LookupMethodCatalog.Listed.Select(m => m.ListLine + "\n")) +
        "null - print raw addresses\n";

    public static LookupChoice Parse(string? argument)
    {
        if (argument is null)
            return new LookupChoice(LookupKind.Auto);
        if (argument == "null")
            return new LookupChoice(LookupKind.Method, LookupMethod.Null);
        LookupArgument a = LookupMethodCatalog.Classify(argument);
        return a.Kind switch
        {
            LookupArgumentKind.List => new LookupChoice(LookupKind.List),
            LookupArgumentKind.Method => new LookupChoice(LookupKind.Method, a.Method),
            _ => new LookupChoice(LookupKind.Unknown),
        };
    }
}
