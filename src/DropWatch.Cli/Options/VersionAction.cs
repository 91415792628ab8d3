using System.CommandLine;
using System.CommandLine.Invocation;
using DropWatch.Cli.Hosting;

namespace DropWatch.Cli.Options;

/// <summary><c>--version</c>: <see cref="VersionText.Line"/> instead of System.CommandLine's bare assembly version.</summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        TextWriter output = parseResult.InvocationConfiguration.Output;
        output.Write(VersionText.Line);
        output.Flush();
        return ExitCode.Success;
    }
}
