using DropWatch.Cli.Noise;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Cli.Table;

namespace DropWatch.Cli.Hosting;

/// <summary>The drop table and the noise filter from the command line.</summary>
public static class TableSetup
{
    public static TableSink Create(LaunchSettings settings, Outputs outputs, NoiseFilter? noise) =>
        new(outputs, new TableSettings(settings.PrintTable, settings.TableRows, settings.Format == OutputFormat.Json),
            new DropTable(DropPipeline.NowNs), noise);
}

public static class NoiseSetup
{
    /// <summary>Null when nothing was asked for: the pipeline then has no filter at all.</summary>
    public static NoiseFilter? Create(LaunchSettings settings)
    {
        var filter = new NoiseFilter(settings.HidePurges(), (settings.Ignore ?? []).Select(g => new SymbolGlob(g)).ToArray());
        return filter.IsActive ? filter : null;
    }

    private static bool HidePurges(this LaunchSettings settings) => settings.HideNoise;
}
