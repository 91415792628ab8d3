using System.Text;

namespace DropWatch.Cli.Exporter;

/// <summary>
/// Turns label values the kernel sends as bytes (reason names, trap names) into strings once, so
/// the per-event path looks them up without allocating. Bounded: a kernel (or a fuzzer) that sends
/// ever-new names gets <see cref="Overflow"/> for the excess instead of unbounded memory.
/// Single-threaded (the monitoring thread).
/// </summary>
public sealed class LabelInterner(int capacity = 4096)
{
    /// <summary>The value used once <c>capacity</c> distinct names have been seen.</summary>
    public const string Overflow = "other";

    /// <summary>Longest name kept; kernel reason and trap names are far shorter.</summary>
    private const int MaxLength = 128;

    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup => _names.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => _names.Count;

    public string Intern(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength)
            utf8 = utf8[..MaxLength];
        Span<char> chars = stackalloc char[MaxLength];
        int length = Encoding.UTF8.GetChars(utf8, chars);
        ReadOnlySpan<char> name = chars[..length];
        var lookup = Lookup;
        if (lookup.TryGetValue(name, out string? known))
            return known;
        if (_names.Count >= capacity)
            return Overflow;
        string created = name.ToString();
        _names.Add(created, created);
        return created;
    }
}
