namespace DropWatch.Cli.Filtering;

/// <summary>
/// Shell-style wildcards for names: <c>*</c> matches any run of characters, <c>?</c> one, everything else
/// itself. Case-sensitive, as kernel symbols are. Over chars (our resolved names) or bytes (the kernel's
/// own text), so neither side converts; matching allocates nothing. Used by the filter's name fields and
/// by <c>--ignore</c>.
/// </summary>
internal static class Glob
{
    public static bool IsPattern(string text) => text.AsSpan().IndexOfAny('*', '?') >= 0;

    public static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text) => Match(pattern, text, '*', '?');

    public static bool Matches(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text) => Match(pattern, text, (byte)'*', (byte)'?');

    // Greedy with one backtrack point (the last star): linear for the patterns people type.
    private static bool Match<T>(ReadOnlySpan<T> pattern, ReadOnlySpan<T> text, T star, T any) where T : IEquatable<T>
    {
        int p = 0, t = 0, starAt = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && !pattern[p].Equals(star) && (pattern[p].Equals(any) || pattern[p].Equals(text[t])))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p].Equals(star))
            {
                // Remember the star; first try matching nothing, widen on a mismatch.
                starAt = p++;
                resume = t;
            }
            else if (starAt >= 0)
            {
                p = starAt + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p].Equals(star))
            p++;
        return p == pattern.Length;
    }
}
