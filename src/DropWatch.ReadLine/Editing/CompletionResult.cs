namespace DropWatch.ReadLine.Editing;

/// <summary>The outcome of one Tab press and the matching candidates (sorted, without duplicates).</summary>
internal readonly record struct CompletionResult(CompletionOutcome Outcome, IReadOnlyList<string> Candidates);
