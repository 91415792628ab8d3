using DropWatch.Core.DropMonitor;

namespace DropWatch.Cli.Repl;

/// <summary>One parsed REPL line.</summary>
public abstract record Command
{
    public sealed record Empty : Command;
    /// <summary><paramref name="Passive"/>: <c>start passive</c>, listen to another client's monitor without START/STOP.</summary>
    public sealed record Start(bool Passive = false) : Command;
    public sealed record Stop : Command;
    public sealed record Exit : Command;
    public sealed record Help : Command;
    public sealed record Show : Command;
    public sealed record Stats : Command;
    /// <summary><c>show table</c>: the drop table of the running or last session (not an upstream command).</summary>
    public sealed record ShowTable : Command;
    /// <summary><c>top</c>: a monitoring session shown as the live drop table (not an upstream command).</summary>
    public sealed record Top : Command;
    public sealed record SetAlertLimit(ulong Limit) : Command;
    public sealed record SetAlertMode(AlertMode Mode) : Command;
    public sealed record SetTruncation(uint Length) : Command;
    public sealed record SetQueueLength(uint Length) : Command;
    public sealed record SetSoftware(bool Enabled) : Command;
    public sealed record SetHardware(bool Enabled) : Command;
    /// <summary><c>set filter EXPR</c>; null <paramref name="Expression"/> (<c>set filter</c> alone) clears it.</summary>
    public sealed record SetFilter(string? Expression) : Command;
    /// <summary>A line that is not a command; <paramref name="Message"/> says why, for the user.</summary>
    public sealed record Invalid(string Message) : Command;
}
