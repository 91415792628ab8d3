namespace DropWatch.ReadLine.Editing;

/// <summary>
/// Completes the blank-delimited word that ends at the cursor.
///
/// The callback is given the whole line up to the cursor (not just the word), so that it can
/// complete by context, e.g. sub-commands after "set ". It returns candidates for the word being
/// completed; candidates that do not start with that word are dropped here, so a callback may
/// simply return every word it knows.
/// </summary>
internal sealed class TabCompleter
{
    private readonly Func<string, IReadOnlyList<string>>? _candidates;

    public TabCompleter(Func<string, IReadOnlyList<string>>? candidates) => _candidates = candidates;

    public CompletionResult Complete(LineBuffer line)
    {
        if (_candidates is null)
        {
            return new CompletionResult(CompletionOutcome.Unavailable, Array.Empty<string>());
        }

        string word = line.WordBeforeCursor(out int wordStart);
        IReadOnlyList<string> offered = _candidates(line.TextBeforeCursor) ?? Array.Empty<string>();
        string[] matches = offered
            .Where(c => !string.IsNullOrEmpty(c) && c.StartsWith(word, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();

        switch (matches.Length)
        {
            case 0:
                return new CompletionResult(CompletionOutcome.NoMatch, matches);
            case 1:
                // The space lets the user type the next word at once, as readline does.
                line.ReplaceBeforeCursor(wordStart, matches[0] + " ");
                return new CompletionResult(CompletionOutcome.Completed, matches);
        }

        string prefix = CommonPrefix(matches);
        if (prefix.Length > word.Length)
        {
            line.ReplaceBeforeCursor(wordStart, prefix);
            return new CompletionResult(CompletionOutcome.Extended, matches);
        }

        return new CompletionResult(CompletionOutcome.Ambiguous, matches);
    }

    /// <summary>Longest ordinal common prefix, never ending inside a surrogate pair.</summary>
    internal static string CommonPrefix(IReadOnlyList<string> words)
    {
        string first = words[0];
        int length = first.Length;
        for (int i = 1; i < words.Count; i++)
        {
            length = Math.Min(length, first.AsSpan(0, length).CommonPrefixLength(words[i]));
        }

        if (length > 0 && char.IsHighSurrogate(first[length - 1]))
        {
            length--;
        }

        return first[..length];
    }
}
