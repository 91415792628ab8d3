using System.Text;

namespace DropWatch.Cli.Noise;

/// <summary>
/// A shell-style pattern over symbol names: <c>*</c> matches any run of characters, <c>?</c> one
/// character, everything else itself (case-sensitive, as kernel symbols are). Matching allocates nothing.
/// </summary>
public sealed class SymbolGlob
{
    private readonly string _chars;
    private readonly byte[] _bytes;

    public SymbolGlob(string pattern)
    {
        if (pattern.Length == 0)
            throw new ArgumentException("an empty pattern matches nothing; give a symbol name or a glob such as 'tcp_*'", nameof(pattern));
        _chars = pattern;
        _bytes = Encoding.UTF8.GetBytes(pattern);
    }

    public string Pattern => _chars;

    public bool Matches(ReadOnlySpan<char> name) => Match(_chars.AsSpan(), name, '*', '?');

    public bool Matches(ReadOnlySpan<byte> name) => Match<byte>(_bytes, name, (byte)'*', (byte)'?');

    // Greedy with one backtrack point (the last star): linear for the patterns people type.
    private static bool Match<T>(ReadOnlySpan<T> pattern, ReadOnlySpan<T> text, T star, T any) where T : IEquatable<T>
    {
        int p = 0, t = 0, starAt = -1, resumeAt = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p].Equals(any) || (!pattern[p].Equals(star) && pattern[p].Equals(text[t]))))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p].Equals(star))
            {
                starAt = p++;
                resumeAt = t;
            }
            else if (starAt >= 0)
            {
                p = starAt + 1;
                t = ++resumeAt;
            }
            else
                return false;
        }
        while (p < pattern.Length && pattern[p].Equals(star))
            p++;
        return p == pattern.Length;
    }
}
