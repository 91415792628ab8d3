using DropWatch.Cli.Output;
using DropWatch.Cli.Pipeline;

namespace DropWatch.Cli.Monitoring;

/// <summary>The line after the stop lines saying what the filter hid; nothing at all without a filter (upstream's bytes).</summary>
public static class FilterReport
{
    public static void Write(OutputBuffer output, DropPipeline pipeline)
    {
        if (pipeline.Filters.User is { } filter)
            output.WriteLine($"Filtered out: {pipeline.Filters.Filtered} drops not matching '{filter.Text}'");
    }
}
