namespace DropWatch.Core.Symbols;

/// <summary>
/// The <c>-l</c> vocabulary: what <c>-l list</c> prints, how an argument is classified, and how a resolver is
/// built for a method.
/// </summary>
public static class LookupMethodCatalog
{
    /// <summary>First line printed by <c>-l list</c>.</summary>
    public const string ListHeader = "Available lookup methods:";

    /// <summary>The methods <c>-l list</c> shows, in order. <c>kas</c>'s line is upstream's, byte for byte.</summary>
    public static IReadOnlyList<LookupMethodInfo> Listed { get; } =
    [
        new("kas", "use /proc/kallsyms", LookupMethod.Kallsyms),
        new("sysmap", "use System.map (/boot/System.map-<release>, relocated by the KASLR slide)", LookupMethod.SystemMap),
    ];

    /// <summary>
    /// Classifies a <c>-l</c> argument with upstream's prefix rule (<c>strncmp</c>): anything starting with
    /// <c>list</c> lists, with <c>kas</c> is kallsyms (<c>-l kasXYZ</c> works), with <c>sysmap</c> is System.map.
    /// Case-sensitive, like upstream.
    /// </summary>
    public static LookupArgument Classify(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        if (argument.StartsWith("list", StringComparison.Ordinal)) return new(LookupArgumentKind.List, LookupMethod.Null);
        foreach (LookupMethodInfo method in Listed)
        {
            if (argument.StartsWith(method.Name, StringComparison.Ordinal)) return new(LookupArgumentKind.Method, method.Method);
        }

        return new(LookupArgumentKind.Unknown, LookupMethod.Null);
    }

    /// <summary>
    /// Loads what <paramref name="method"/> needs and returns a resolver, or a failure whose message names the
    /// file and the reason (errno text, hidden addresses, unknown KASLR slide).
    /// </summary>
    public static ResolverResult Create(LookupMethod method, ResolverOptions? options = null)
    {
        options ??= new ResolverOptions();
        return method switch
        {
            LookupMethod.Null => ResolverResult.Ready(NullResolver.Instance),
            LookupMethod.Kallsyms => CreateKallsyms(options),
            LookupMethod.SystemMap => CreateSystemMap(options),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unknown lookup method"),
        };
    }

    private static ResolverResult CreateKallsyms(ResolverOptions options)
    {
        SymbolLoadResult loaded = KallsymsLoader.Load(options.Paths.Kallsyms, options.Kinds);
        return loaded.Succeeded
            ? ResolverResult.Ready(new KallsymsResolver(loaded.Table))
            : ResolverResult.Failed(loaded.Problem, loaded.Message);
    }

    private static ResolverResult CreateSystemMap(ResolverOptions options)
    {
        string path = options.SystemMapPath ?? SystemMapLoader.DefaultPath(options.Paths);
        SymbolLoadResult linkTime = SystemMapLoader.Load(path, options.Kinds);
        if (!linkTime.Succeeded) return ResolverResult.Failed(linkTime.Problem, linkTime.Message);

        KaslrSlideResult detected = KaslrSlideDetector.Detect(linkTime.Table, options.Paths, options.KaslrSlide);
        if (detected.Slide is not { } slide) return ResolverResult.Failed(detected.Problem, detected.Message);

        SymbolLoadResult relocated = SystemMapLoader.Relocate(path, linkTime.Table, slide.Offset, linkTime.SkippedLines);
        return relocated.Succeeded
            ? ResolverResult.Ready(new SystemMapResolver(relocated.Table, slide), detected.Message)
            : ResolverResult.Failed(relocated.Problem, relocated.Message);
    }
}
