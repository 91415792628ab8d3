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
    /// <summary>
    /// What makes the chosen method unusable before anything is opened: the symbol-file options
    /// without <c>-l sysmap</c>, or a System.map that cannot be read. Null when there is nothing
    /// to object to; problems only the kernel can reveal (hidden addresses, unknown slide) are
    /// left to <see cref="Create"/>, which carries on with raw addresses.
    /// </summary>
    public static string? CheckBeforeStart(LookupChoice choice, LaunchSettings settings) =>
        CheckBeforeStart(choice, settings, KernelPaths.Default);

    public static string? CheckBeforeStart(LookupChoice choice, LaunchSettings settings, KernelPaths paths)
    {
        bool sysmap = choice is { Kind: LookupKind.Method, Method: LookupMethod.SystemMap };
        if (!sysmap)
        {
            if (choice.Kind is LookupKind.List or LookupKind.Unknown)
                return null; // -l list and an unknown method keep upstream's own output
            if (settings.SystemMapFile is not null)
                return "--sysmap-file applies only to -l sysmap";
            if (settings.KaslrOffset is not null)
                return "--kaslr-offset applies only to -l sysmap";
            return null;
        }

        string path = settings.SystemMapFile ?? SystemMapLoader.DefaultPath(paths);
        if (SystemMapLoader.CheckReadable(path) is not { } error)
            return null;
        {
            string why = error.Errno switch
            {
                Native.Errno.ENOENT or Native.Errno.ENOTDIR => "no such file",
                Native.Errno.EISDIR => "it is a directory",
                Native.Errno.EACCES or Native.Errno.EPERM => "permission denied",
                _ => error.Reason ?? System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(error.Errno),
            };
            return $"-l sysmap cannot read {path}: {why}; pass the kernel's map with --sysmap-file PATH " +
                   "(from the kernel package or the build tree), or use -l kas";
        }
    }

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
        var options = new ResolverOptions { Paths = paths, SystemMapPath = settings.SystemMapFile, KaslrSlide = settings.KaslrOffset };

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
}
