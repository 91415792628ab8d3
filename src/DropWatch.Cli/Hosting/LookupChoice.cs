namespace DropWatch.Cli.Hosting;

public enum LookupKind
{
    /// <summary>No -l: kallsyms when it shows real addresses, else raw addresses.</summary>
    Auto,
    List,
    Kallsyms,
    SystemMap,
    Null,
    Unknown,
}

/// <summary>
/// Upstream matches -l by prefix (<c>-l kasXYZ</c> is kas, <c>-l listfoo</c> lists); so do we.
/// </summary>
public sealed record LookupChoice(LookupKind Kind)
{
    public const string ListText =
        "Available lookup methods:\n" +
        "kas - use /proc/kallsyms\n" +
        "sysmap - use System.map (--sysmap-file PATH, default /boot/System.map-$(uname -r); KASLR slide detected)\n" +
        "null - print raw addresses\n";

    public static LookupChoice Parse(string? method) => new(method switch
    {
        null => LookupKind.Auto,
        _ when method.StartsWith("list", StringComparison.Ordinal) => LookupKind.List,
        _ when method.StartsWith("kas", StringComparison.Ordinal) => LookupKind.Kallsyms,
        _ when method.StartsWith("sysmap", StringComparison.Ordinal) => LookupKind.SystemMap,
        "null" => LookupKind.Null,
        _ => LookupKind.Unknown,
    });
}
