namespace DropWatch.Core.Symbols;

/// <summary>A detected slide, or why none could be found — never an exception.</summary>
public readonly record struct KaslrSlideResult
{
    private KaslrSlideResult(KaslrSlide? slide, SymbolLoadProblem problem, string message)
    {
        Slide = slide;
        Problem = problem;
        Message = message;
    }

    /// <summary>The slide, when known.</summary>
    public KaslrSlide? Slide { get; }

    /// <summary><see cref="SymbolLoadProblem.None"/>, <see cref="SymbolLoadProblem.SlideUnknown"/> or <see cref="SymbolLoadProblem.MapMismatch"/>.</summary>
    public SymbolLoadProblem Problem { get; }

    /// <summary>How the slide was found, or every reason each source failed.</summary>
    public string Message { get; }

    internal static KaslrSlideResult Found(KaslrSlide slide, string how) => new(slide, SymbolLoadProblem.None, how);

    internal static KaslrSlideResult Unknown(string why) => new(null, SymbolLoadProblem.SlideUnknown, why);

    internal static KaslrSlideResult Mismatch(string why) => new(null, SymbolLoadProblem.MapMismatch, why);
}
