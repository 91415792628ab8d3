using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Text.RegularExpressions;
using DropWatch.Cli.Hosting;

namespace DropWatch.Cli.Options;

/// <summary>
/// System.CommandLine's help with our usage lines in place of its generic "dropwatch [options]",
/// followed by the REPL commands, exit statuses and environment. Its layout API is not public in
/// this version, so the standard text is rendered first and its usage section swapped.
/// </summary>
internal sealed partial class FullHelpAction(HelpAction standard) : SynchronousCommandLineAction
{
    // "Usage:\n  <executable name> [options]\n"; the name is the process's (testhost under the tests).
    [GeneratedRegex(@"^Usage:\n  \S+ \[options\]\n", RegexOptions.Multiline)]
    private static partial Regex GenericUsage();

    public override int Invoke(ParseResult parseResult)
    {
        TextWriter output = parseResult.InvocationConfiguration.Output;
        var text = new StringWriter();
        parseResult.InvocationConfiguration.Output = text;
        try
        {
            standard.Invoke(parseResult);
        }
        finally
        {
            parseResult.InvocationConfiguration.Output = output;
        }

        string help = text.ToString().ReplaceLineEndings("\n");
        string usage = "Usage:\n" + string.Concat(UsageText.Usage.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "  " + l + "\n"));
        output.Write(GenericUsage().Replace(help, usage.Replace("$", "$$", StringComparison.Ordinal), 1).TrimEnd('\n') + "\n\n");
        output.Write(UsageText.ReplCommands + "\n" + UsageText.ExitStatus + "\n" + UsageText.Environment);
        output.Flush();
        return ExitCode.Success;
    }
}
