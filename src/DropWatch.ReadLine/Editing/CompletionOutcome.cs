namespace DropWatch.ReadLine.Editing;

/// <summary>What a Tab press did to the line.</summary>
internal enum CompletionOutcome
{
    /// <summary>No completer was given: Tab does nothing.</summary>
    Unavailable,

    /// <summary>No candidate starts with the word.</summary>
    NoMatch,

    /// <summary>Exactly one candidate: the word was replaced by it plus a space.</summary>
    Completed,

    /// <summary>Several candidates: the word grew to their longest common prefix.</summary>
    Extended,

    /// <summary>Several candidates and the word already is their common prefix: only a listing helps.</summary>
    Ambiguous,
}
