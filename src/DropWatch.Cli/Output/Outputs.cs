namespace DropWatch.Cli.Output;

/// <summary>
/// Where things are printed. <see cref="Console"/> takes the REPL's own lines (prompts, replies,
/// errors' upstream lines); <see cref="Data"/> takes the records. In text mode they are one buffer,
/// so lines interleave as upstream prints them; in JSON mode the console is stderr, so stdout
/// carries nothing but JSON.
/// </summary>
public sealed class Outputs(OutputBuffer console, OutputBuffer data)
{
    public static Outputs Shared(OutputBuffer both) => new(both, both);

    public OutputBuffer Console { get; } = console;
    public OutputBuffer Data { get; } = data;

    /// <summary>A capture file (<c>--pcapng</c>), flushed with the rest, per burst.</summary>
    public OutputBuffer? Capture { get; init; }

    /// <summary>Writes the records first, then the console (which may say that records ended).</summary>
    public void Flush()
    {
        Capture?.Flush();
        Data.Flush();
        if (!ReferenceEquals(Console, Data))
            Console.Flush();
    }
}
