using DropWatch.Cli.Hosting;

namespace DropWatch.Cli.Dwdump;

/// <summary>The dwdump entry point: chosen by the name the binary was run as, options checked before anything is opened.</summary>
public static class DwdumpMain
{
    public const string ProgramName = "dwdump";

    /// <summary>True when argv[0]'s last path component is <c>dwdump</c> (the link the publish step makes).</summary>
    public static bool IsInvokedAs(string? argv0) =>
        argv0 is not null && Path.GetFileName(argv0) == ProgramName;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Func<DwdumpOptions, int> launch)
    {
        DwdumpOptions? options = DwdumpOptions.Parse(args, out string? error);
        if (options is null)
        {
            // Upstream: an invalid origin is one line; a getopt error is getopt's line, then the usage.
            if (error!.StartsWith("Invalid origin", StringComparison.Ordinal))
                stderr.WriteLine(error);
            else
            {
                stderr.WriteLine($"{ProgramName}: {error}");
                stderr.Write(DwdumpUsage.Upstream);
            }
            stderr.Flush();
            return ExitCode.Failure;
        }
        return launch(options);
    }
}
