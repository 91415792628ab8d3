namespace DropWatch.Cli.Repl;

/// <summary>Tab completion by context: command words first, then what each <c>set</c> takes.</summary>
public static class CommandCompletion
{
    private static readonly string[] Modes = ["summary", "packet"];
    private static readonly string[] Booleans = ["true", "false"];

    /// <summary>Candidates for the word being typed at the end of <paramref name="lineBeforeCursor"/>.</summary>
    public static IReadOnlyList<string> Complete(string lineBeforeCursor)
    {
        string[] words = lineBeforeCursor.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        bool startingNewWord = lineBeforeCursor.Length == 0 || lineBeforeCursor.EndsWith(' ');
        int index = startingNewWord ? words.Length : words.Length - 1;
        string current = startingNewWord ? "" : words[^1];

        string[] options = index switch
        {
            0 => CommandParser.CommandWords,
            1 when words[0] == "set" => CommandParser.SetWords,
            1 when words[0] == "show" => CommandParser.ShowWords,
            2 when words[0] == "set" && words[1] == "alertmode" => Modes,
            2 when words[0] == "set" && words[1] is "sw" or "hw" => Booleans,
            _ => [],
        };
        return options.Where(o => o.StartsWith(current, StringComparison.Ordinal)).ToArray();
    }
}
