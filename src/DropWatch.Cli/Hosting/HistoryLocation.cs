namespace DropWatch.Cli.Hosting;

/// <summary>
/// Where the interactive prompt keeps its history between sessions: <c>$DROPWATCH_HISTORY</c> when
/// set (set but empty: no history file), else <c>~/.dropwatch_history</c> as readline programs do.
/// </summary>
public static class HistoryLocation
{
    public const string Variable = "DROPWATCH_HISTORY";
    public const string FileName = ".dropwatch_history";

    public static string? FromEnvironment() =>
        Resolve(Environment.GetEnvironmentVariable(Variable), Environment.GetEnvironmentVariable("HOME"));

    public static string? Resolve(string? variable, string? home)
    {
        if (variable is not null)
            return variable.Length == 0 ? null : variable;
        // No HOME (a bare service environment): no history file rather than one in the working directory.
        return string.IsNullOrEmpty(home) ? null : Path.Combine(home, FileName);
    }
}
