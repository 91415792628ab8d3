using System.Globalization;
using DropWatch.Cli.Output;
using DropWatch.Core.Symbols;

namespace DropWatch.Cli.Hosting;

/// <summary>
/// Builds the resolver the user chose and prints upstream's banner for it. The table loads in the
/// background; a resolver that cannot be built (file missing, addresses hidden, KASLR slide
/// unknown) is explained once, before the first monitoring session, and the session carries on
/// printing raw addresses, so a symbol problem never costs the drop data.
/// </summary>
public static class LookupSetup
{
    public static DeferredResolver Create(LookupChoice choice, LaunchSettings settings, OutputBuffer output, ErrorReporter errors) =>
        Create(choice, settings, output, errors, KernelPaths.Default);

    public static DeferredResolver Create(LookupChoice choice, LaunchSettings settings, OutputBuffer output, ErrorReporter errors, KernelPaths paths)
    {
        LookupMethod method = choice.Kind == LookupKind.Auto ? AutoMethod(paths) : choice.Method;
        output.WriteLine(method switch
        {
            LookupMethod.Kallsyms => "Initializing kallsyms db",
            LookupMethod.SystemMap => "Initializing System.map db",
            _ => "Initializing null lookup method",
        });

        var problems = new List<string>();
        ulong? slide = null;
        if (settings.KaslrOffset is { } text)
        {
            if (TryParseHex(text, out ulong parsed))
                slide = parsed;
            else
                problems.Add($"invalid --kaslr-offset '{text}': expected a hexadecimal number such as 0x1c000000; detecting the slide instead");
        }
        var options = new ResolverOptions { Paths = paths, SystemMapPath = settings.SystemMapFile, KaslrSlide = slide };

        return new DeferredResolver(method.ToString(), () =>
        {
            if (method == LookupMethod.Null)
                return (NullResolver.Instance, problems);
            ResolverResult result = LookupMethodCatalog.Create(method, options);
            if (result.Succeeded)
                return (result.Resolver, problems);
            problems.Add(result.Message ?? "symbols could not be loaded");
            problems.Add("symbols are unavailable: drop locations will be printed as raw addresses" +
                         (result.Problem == SymbolLoadProblem.SlideUnknown ? " (give the slide with --kaslr-offset HEX)" : ""));
            return (NullResolver.Instance, problems);
        });
    }

    // Without -l upstream prints raw addresses; kallsyms is strictly better whenever it shows real addresses.
    private static LookupMethod AutoMethod(KernelPaths paths) =>
        KallsymsProbe.Probe(paths.Kallsyms).Visibility == KallsymsVisibility.Visible ? LookupMethod.Kallsyms : LookupMethod.Null;

    private static bool TryParseHex(string text, out ulong value)
    {
        string digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        return ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
