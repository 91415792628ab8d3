namespace DropWatch.Fuzz;

/// <summary>Placeholder until SharpFuzz is wired in: reads one input from stdin and runs it.</summary>
internal static class AflHarness
{
    public static int Run(FuzzTarget target)
    {
        using var stdin = Console.OpenStandardInput();
        using var buffer = new MemoryStream();
        stdin.CopyTo(buffer);
        Outcome outcome = target.Run(buffer.ToArray());
        Console.WriteLine(outcome);
        return 0;
    }
}
