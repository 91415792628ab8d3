namespace DropWatch.Core.Symbols;

/// <summary>The symbol lookup methods dropwatch can use.</summary>
public enum LookupMethod
{
    /// <summary>No lookup (the default without <c>-l</c>).</summary>
    Null,

    /// <summary><c>/proc/kallsyms</c>.</summary>
    Kallsyms,

    /// <summary>System.map relocated by the KASLR slide.</summary>
    SystemMap,
}

/// <summary>One line of <c>-l list</c>: <c>NAME - DESCRIPTION</c>.</summary>
public sealed record LookupMethodInfo(string Name, string Description, LookupMethod Method)
{
    /// <summary>The line as printed, e.g. <c>kas - use /proc/kallsyms</c>.</summary>
    public string ListLine => $"{Name} - {Description}";
}

/// <summary>What a <c>-l</c> argument asks for.</summary>
public enum LookupArgumentKind
{
    /// <summary>Print the method list and exit.</summary>
    List,

    /// <summary>Use <see cref="LookupArgument.Method"/>.</summary>
    Method,

    /// <summary>Not a known method: upstream prints <c>Unknown lookup method ARG</c> and exits 1.</summary>
    Unknown,
}

/// <summary>A classified <c>-l</c> argument.</summary>
public readonly record struct LookupArgument(LookupArgumentKind Kind, LookupMethod Method);
