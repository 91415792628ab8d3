using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using DropWatch.Cli.Hosting;

namespace DropWatch.Cli.Options;

/// <summary>
/// System.CommandLine's help with our usage lines in place of its generic "dropwatch [options]",
/// followed by the REPL commands, exit statuses and environment. Its layout API is not public in
/// this version, so the standard text is rendered first and its usage section swapped.
/// </summary>
internal sealed partial class FullHelpAction(HelpAction standard) : SynchronousCommandLineAction
{

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
        output.Write(WithUsage(help, usage).TrimEnd('\n') + "\n\n");
        output.Write(UsageText.ReplCommands + "\n" + UsageText.ExitStatus + "\n" + UsageText.Environment);
        output.Flush();
        return ExitCode.Success;
    }

    /// <summary>
    /// Swaps the standard "Usage:\n  NAME [options]\n" section (NAME is the process's: testhost under the
    /// tests) for ours; plain string search, so the binary carries no regular-expression engine for it.
    /// </summary>
    internal static string WithUsage(string help, string usage)
    {
        const string head = "Usage:\n  ";
        const string tail = " [options]\n";
        for (int at = help.IndexOf(head, StringComparison.Ordinal); at >= 0; at = help.IndexOf(head, at + 1, StringComparison.Ordinal))
        {
            if (at > 0 && help[at - 1] != '\n') continue; // a section starts a line
            int lineEnd = help.IndexOf('\n', at + head.Length);
            if (lineEnd < 0) break;
            string line = help[(at + head.Length)..(lineEnd + 1)];
            if (!line.EndsWith(tail, StringComparison.Ordinal)) continue;
            string name = line[..^tail.Length];
            if (name.Length == 0 || name.Any(char.IsWhiteSpace)) continue;
            return string.Concat(help.AsSpan(0, at), usage, help.AsSpan(lineEnd + 1));
        }

        return help;
    }
}
