using DropWatch.Cli.Filtering;
using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;
using DropWatch.Cli.Table;

namespace DropWatch.Cli.Hosting;

/// <summary>The drop table from the command line.</summary>
public static class TableSetup
{
    /// <param name="filters">The pipeline's filter stage (the table says how many drops it hid as noise).</param>
    public static TableSink Create(LaunchSettings settings, Outputs outputs, FilterStage filters) =>
        new(outputs, new TableSettings(settings.PrintTable, settings.TableRows, settings.Format == OutputFormat.Json),
            new DropTable(DropPipeline.NowNs, byProcess: settings.TableProcess), filters);
}
