namespace DropWatch.Cli.Filtering;

/// <summary>What a filter comparison looks at. Names are the filter language's (see the README's grammar).</summary>
public enum FilterField
{
    Reason,
    Symbol,
    Origin,
    Proto,
    IfIndex,
    IfName,
    Src,
    Dst,
    Sport,
    Dport,
    L4,
    Pid,
    Comm,
    Cpu,
}

/// <summary>The spelling of each field in the language, and what kind of value it takes.</summary>
internal static class FilterFields
{
    private static readonly (string Name, FilterField Field)[] Names =
    [
        ("reason", FilterField.Reason), ("symbol", FilterField.Symbol), ("origin", FilterField.Origin),
        ("proto", FilterField.Proto), ("ifindex", FilterField.IfIndex), ("ifname", FilterField.IfName),
        ("src", FilterField.Src), ("dst", FilterField.Dst), ("sport", FilterField.Sport), ("dport", FilterField.Dport),
        ("l4", FilterField.L4), ("pid", FilterField.Pid), ("comm", FilterField.Comm), ("cpu", FilterField.Cpu),
    ];

    /// <summary>"reason, symbol, …, cpu", for messages.</summary>
    public static readonly string List = string.Join(", ", Array.ConvertAll(Names, n => n.Name));

    public static bool TryParse(string name, out FilterField field)
    {
        foreach (var (text, value) in Names)
        {
            if (text == name)
            {
                field = value;
                return true;
            }
        }
        field = default;
        return false;
    }

    public static string NameOf(FilterField field) => Array.Find(Names, n => n.Field == field).Name;
}
