using System.Diagnostics;
using System.Text.RegularExpressions;
using DropWatch.Cli.Options;
using DropWatch.Cli.Repl;

namespace DropWatch.Cli.Tests;

/// <summary>
/// What the packages ship beside the binary must describe the binary: every option --help prints
/// is in the man page (so a new option cannot ship undocumented), every option that takes a value
/// shows its default, and --version carries the one version of Directory.Build.props.
/// </summary>
public partial class PackagingDocsTests
{
    [GeneratedRegex(@"^  (-\S+, )*(?<long>--[a-z][a-z0-9-]*)(?<value> <[^>]+>)?", RegexOptions.Multiline)]
    private static partial Regex HelpOptionLine();

    [GeneratedRegex(@"^dropwatch (?<version>\d+\.\d+\.\d+\S*) \(commit (?<commit>[0-9a-f]{7,}|unknown), \.NET \d+\.\d+\.\d+\S*, (?<codegen>JIT|NativeAOT)\)\n\z")]
    private static partial Regex VersionLine();

    private static string Help()
    {
        var stdout = new StringWriter();
        Assert.Equal(0, Program.Run(["--help"], stdout, new StringWriter(), _ => throw new InvalidOperationException("launched")));
        string help = stdout.ToString();
        int options = help.IndexOf("\nOptions:\n", StringComparison.Ordinal);
        Assert.True(options >= 0, "no Options: section in --help");
        int end = help.IndexOf("\n\n", options + 1, StringComparison.Ordinal);
        return help[options..(end < 0 ? help.Length : end)];
    }

    private static string RepoFile(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DropWatch.sln")))
                return Path.Combine([dir.FullName, .. parts]);
        }
        throw new InvalidOperationException("repository root (DropWatch.sln) not found above " + AppContext.BaseDirectory);
    }

    private static string Roff(string text) => text.Replace("-", "\\-", StringComparison.Ordinal);

    [Fact]
    public void EveryLongOptionOfHelpIsDocumentedInTheManPage()
    {
        string man = File.ReadAllText(RepoFile("man", "dropwatch.1"));
        var options = HelpOptionLine().Matches(Help()).Select(m => m.Groups["long"].Value).ToList();
        Assert.Contains("--lmethod", options);
        Assert.Contains("--version", options);
        var missing = options.Where(o => !man.Contains($".B {Roff(o)}", StringComparison.Ordinal) &&
                                         !man.Contains($" {Roff(o)}", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "man/dropwatch.1 does not document: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryReplCommandAndSettingIsDocumentedInTheManPage()
    {
        string man = File.ReadAllText(RepoFile("man", "dropwatch.1"));
        foreach (string command in CommandParser.CommandWords.Where(c => c != "set"))
            Assert.Contains($".B {command}\n", man);
        foreach (string setting in CommandParser.SetWords)
            Assert.Matches($@"\.B[RI]? ""set {setting} ", man);
    }

    [Fact]
    public void EveryOptionThatTakesAValueShowsItsDefaultInHelp()
    {
        string help = Help();
        var lines = help.Split('\n').Where(l => HelpOptionLine().Match(l) is { Success: true } m && m.Groups["value"].Success).ToList();
        Assert.NotEmpty(lines);
        var withoutDefault = lines.Where(l => !l.Contains("default", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(withoutDefault.Count == 0, "--help shows no default for:\n" + string.Join("\n", withoutDefault));
    }

    [Fact]
    public void VersionNamesTheVersionOfDirectoryBuildPropsTheCommitAndTheRuntime()
    {
        var stdout = new StringWriter();
        Assert.Equal(0, Program.Run(["--version"], stdout, new StringWriter(), _ => throw new InvalidOperationException("launched")));
        Match line = VersionLine().Match(stdout.ToString());
        Assert.True(line.Success, $"unexpected --version output: '{stdout}'");

        string props = File.ReadAllText(RepoFile("Directory.Build.props"));
        Match declared = Regex.Match(props, "<Version>([^<]+)</Version>");
        Assert.True(declared.Success, "no <Version> in Directory.Build.props");
        Assert.Equal(declared.Groups[1].Value, line.Groups["version"].Value);
        Assert.Equal("JIT", line.Groups["codegen"].Value); // the test host runs under the JIT

        if (GitShortHead() is { } head)
            Assert.Equal(head, line.Groups["commit"].Value);
    }

    private static string? GitShortHead()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["rev-parse", "--short=7", "HEAD"])
            {
                WorkingDirectory = Path.GetDirectoryName(RepoFile("DropWatch.sln"))!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (git is null)
                return null;
            string output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on this machine
        }
    }
}
