using System.Diagnostics.CodeAnalysis;

namespace DropWatch.Core.Symbols;

/// <summary>A resolver ready to use, or the reason there is none (naming the file and the errno text).</summary>
public sealed class ResolverResult
{
    private ResolverResult(ISymbolResolver? resolver, SymbolLoadProblem problem, string? message)
    {
        Resolver = resolver;
        Problem = problem;
        Message = message;
    }

    /// <summary>The resolver, when <see cref="Succeeded"/>.</summary>
    public ISymbolResolver? Resolver { get; }

    /// <summary><see cref="SymbolLoadProblem.None"/> on success.</summary>
    public SymbolLoadProblem Problem { get; }

    /// <summary>On failure, what went wrong; on success, an optional note (e.g. where the KASLR slide came from).</summary>
    public string? Message { get; }

    /// <summary>True when <see cref="Resolver"/> is usable.</summary>
    [MemberNotNullWhen(true, nameof(Resolver))]
    public bool Succeeded => Resolver is not null;

    internal static ResolverResult Ready(ISymbolResolver resolver, string? note = null) => new(resolver, SymbolLoadProblem.None, note);

    internal static ResolverResult Failed(SymbolLoadProblem problem, string message) => new(null, problem, message);
}
