namespace DropWatch.Cli.Exporter;

/// <summary>
/// The exporter's log: one line per change of state on stderr, never one per drop, so it reads
/// well in journald (which adds the time and the unit).
/// </summary>
public sealed class ExporterLog(TextWriter stderr)
{
    public void Line(string message)
    {
        stderr.WriteLine($"dropwatch: {message}");
        stderr.Flush();
    }
}
