using System.Text;
using System.Text.Unicode;

namespace DropWatch.Core.Symbols;

/// <summary>
/// The names of a <see cref="SymbolTable"/>, by entry index. A name loaded from a file is kept as its UTF-8
/// bytes in one shared buffer and decoded (<see cref="Encoding.UTF8"/>, as the loader always did) the first
/// time it is asked for; the string is then kept, so later lookups of that symbol allocate nothing.
/// </summary>
/// <remarks>
/// A symbol file has ~120k names but a session resolves a few hundred, so this avoids ~9 MB of strings (and
/// the garbage collections they cost) at start-up. Decoding races are benign: two threads store equal strings.
/// </remarks>
internal sealed class SymbolNames
{
    private readonly string?[] _strings;
    private readonly byte[] _utf8;
    private readonly int[] _starts;
    private readonly int[] _lengths;

    /// <param name="strings">Names given as strings (null where the name is in <paramref name="utf8"/>).</param>
    /// <param name="utf8">The shared UTF-8 buffer.</param>
    /// <param name="starts">Each entry's start in <paramref name="utf8"/>.</param>
    /// <param name="lengths">Each entry's byte length in <paramref name="utf8"/>.</param>
    public SymbolNames(string?[] strings, byte[] utf8, int[] starts, int[] lengths)
    {
        _strings = strings;
        _utf8 = utf8;
        _starts = starts;
        _lengths = lengths;
    }

    public static SymbolNames Empty { get; } = new([], [], [], []);

    public string this[int index] => _strings[index] ?? Decode(index);

    /// <summary>Index of the first entry named <paramref name="name"/>, or -1 (linear search).</summary>
    public int IndexOf(string? name)
    {
        if (name is null) return -1;
        // The UTF-8 form of name, if it has one: a string with a lone surrogate is no decoded name.
        byte[]? nameUtf8 = null;
        try
        {
            nameUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(name);
        }
        catch (EncoderFallbackException)
        {
        }

        for (int i = 0; i < _strings.Length; i++)
        {
            if (_strings[i] is { } known)
            {
                if (string.Equals(known, name, StringComparison.Ordinal)) return i;
                continue;
            }

            ReadOnlySpan<byte> bytes = Bytes(i);
            // Valid UTF-8 decodes to name exactly when the bytes are name's encoding; invalid bytes decode
            // with replacement characters, so compare the decoded text.
            bool equal = Utf8.IsValid(bytes)
                ? nameUtf8 is not null && bytes.SequenceEqual(nameUtf8)
                : string.Equals(this[i], name, StringComparison.Ordinal);
            if (equal) return i;
        }

        return -1;
    }

    private ReadOnlySpan<byte> Bytes(int index) => _utf8.AsSpan(_starts[index], _lengths[index]);

    private string Decode(int index) => _strings[index] = Encoding.UTF8.GetString(Bytes(index));
}
