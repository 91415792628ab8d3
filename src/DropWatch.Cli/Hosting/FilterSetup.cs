using DropWatch.Cli.Filtering;
using DropWatch.Cli.Pipeline;
using DropWatch.Core.Events;

namespace DropWatch.Cli.Hosting;

/// <summary>
/// The pipeline's filter stage from the command line: the noise rules (<c>--hide-noise</c>,
/// <c>--ignore</c>), and the user's filter compiled for the open source — its syntax, and its reason
/// names against the kernel's where the source knows them.
/// </summary>
public static class FilterSetup
{
    /// <summary>The stage with the noise rules asked for (none: it passes everything until a filter is set).</summary>
    public static FilterStage Create(LaunchSettings settings, Func<uint, string?>? interfaceNames) =>
        new(new NoiseRules(settings.HideNoise, settings.Ignore ?? []))
        {
            InterfaceNames = interfaceNames,
        };

    /// <summary>Throws <see cref="FilterSyntaxException"/>.</summary>
    public static DropFilter Compile(string text, IDropSource source) =>
        DropFilter.Compile(text, (source as IKnownDropReasons)?.DropReasonNames);

    /// <summary><c>--filter</c>: false (after one line on stderr) when it does not fit this kernel.</summary>
    public static bool Apply(string? text, IDropSource source, DropPipeline pipeline, ErrorReporter errors)
    {
        if (text is null)
            return true;
        try
        {
            pipeline.Filters.User = Compile(text, source);
            return true;
        }
        catch (FilterSyntaxException e)
        {
            errors.Error($"invalid --filter: {e.Message}");
            return false;
        }
    }
}
