namespace DropWatch.ReadLine.Terminal;

/// <summary>
/// Switches the input terminal between the caller's settings and the editor's raw-ish mode.
/// A seam so tests can check that every way out of ReadLine restores the terminal.
/// </summary>
internal interface ITerminalMode
{
    /// <summary>Saves the current settings and enters raw-ish mode.</summary>
    void EnterRaw();

    /// <summary>Puts back the settings saved by <see cref="EnterRaw"/>; a no-op when not raw.</summary>
    void Restore();

    /// <summary>
    /// Ctrl-Z: gives the terminal its settings back, stops the process group as the terminal's own
    /// Ctrl-Z would (SIGTSTP), and once continued (SIGCONT, e.g. the shell's fg) re-enters raw mode.
    /// Returns after the process was continued, or at once if the stop was refused (an orphaned
    /// process group, SIGTSTP ignored).
    /// </summary>
    void Suspend();
}
