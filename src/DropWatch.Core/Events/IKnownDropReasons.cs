namespace DropWatch.Core.Events;

/// <summary>A source that knows the running kernel's drop reason names up front (the tracepoint's format table),
/// so a filter can refuse a name that can never match. NET_DM sends names as text and knows no list.</summary>
public interface IKnownDropReasons
{
    /// <summary>The names as the kernel prints them (<c>NO_SOCKET</c> …); null when this kernel has none.</summary>
    IReadOnlyCollection<string>? DropReasonNames { get; }
}
