namespace DropWatch.Core.Tracing;

/// <summary>
/// The parsed <c>events/skb/kfree_skb/format</c> file of the running kernel: where each field sits in
/// the raw record, and the reason number → name table from the print format.
/// Both come from the kernel at run time because neither is ABI (reference §9.1, §9.3).
/// </summary>
public sealed class TracepointFormat
{
    private readonly Dictionary<string, TracepointField> _byName;
    private readonly Dictionary<uint, string> _reasonNames;

    internal TracepointFormat(string name, int? id, IReadOnlyList<TracepointField> fields,
        Dictionary<uint, string> reasonNames, string printFormat)
    {
        Name = name;
        Id = id;
        Fields = fields;
        PrintFormat = printFormat;
        _reasonNames = reasonNames;
        _byName = new Dictionary<string, TracepointField>(StringComparer.Ordinal);
        foreach (var field in fields)
            _byName[field.Name] = field;

        SkbAddr = Require("skbaddr");
        Location = Require("location");
        Protocol = Require("protocol");
        Reason = Optional("reason");
        RxSk = Optional("rx_sk");
        CheckSize(Location, 4, 8);
        CheckSize(SkbAddr, 4, 8);
        CheckSize(Protocol, 2);
        if (Reason is { } reason)
            CheckSize(reason, 1, 2, 4, 8);
    }

    /// <summary>Parses the text of a tracefs format file; throws <see cref="TracepointFormatException"/>.</summary>
    public static TracepointFormat Parse(string text) => TracepointFormatParser.Parse(text);

    /// <summary>The event name from the <c>name:</c> line.</summary>
    public string Name { get; }

    /// <summary>The tracepoint id from the <c>ID:</c> line, if present (the <c>id</c> file is authoritative).</summary>
    public int? Id { get; }

    /// <summary>All fields, common ones included, in file order.</summary>
    public IReadOnlyList<TracepointField> Fields { get; }

    /// <summary>The text after <c>print fmt:</c>.</summary>
    public string PrintFormat { get; }

    public TracepointField SkbAddr { get; }
    public TracepointField Location { get; }
    public TracepointField Protocol { get; }

    /// <summary>Absent before kernel 5.17.</summary>
    public TracepointField? Reason { get; }

    /// <summary>Absent before kernel 6.11.</summary>
    public TracepointField? RxSk { get; }

    /// <summary>Reason number → name as the kernel prints it (e.g. <c>NO_SOCKET</c>). Core reasons only; empty on old kernels.</summary>
    public IReadOnlyDictionary<uint, string> ReasonNames => _reasonNames;

    /// <summary>The kernel's name for a reason number, or null when this kernel's table does not list it
    /// (subsystem reasons, or a kernel without reasons).</summary>
    public string? ReasonName(uint reason) => _reasonNames.TryGetValue(reason, out var name) ? name : null;

    public bool TryGetField(string name, out TracepointField field) => _byName.TryGetValue(name, out field);

    private TracepointField Require(string name) =>
        _byName.TryGetValue(name, out var field)
            ? field
            : throw new TracepointFormatException($"required field '{name}' is missing (is this the skb:kfree_skb format?)");

    private TracepointField? Optional(string name) => _byName.TryGetValue(name, out var field) ? field : null;

    private static void CheckSize(TracepointField field, params ReadOnlySpan<int> allowed)
    {
        if (!allowed.Contains(field.Size))
            throw new TracepointFormatException(
                $"field '{field.Name}' has size {field.Size}, expected {string.Join(" or ", allowed.ToArray())} bytes");
    }
}
