namespace DropWatch.Fuzz;

/// <summary>What one input did to a target.</summary>
internal enum Outcome
{
    /// <summary>Decoded or loaded.</summary>
    Accepted,

    /// <summary>Refused the designated way: the format exception, a failed load result, a failed request.</summary>
    Rejected,

    /// <summary>Any other exception, or a broken invariant: a bug.</summary>
    Crashed,
}
