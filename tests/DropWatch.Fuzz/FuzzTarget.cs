namespace DropWatch.Fuzz;

/// <summary>
/// One decoder or loader under fuzz: its seeds, how one input is fed to it, and which exceptions are its
/// designated way of refusing bad input. Anything else it throws is a crash.
/// </summary>
internal sealed class FuzzTarget(string name, int weight, Func<IReadOnlyList<byte[]>> seeds, Func<byte[], Outcome> run,
    params Type[] designated)
{
    public string Name { get; } = name;

    /// <summary>Share of a campaign's inputs, relative to the other targets (slow targets get fewer).</summary>
    public int Weight { get; } = weight;

    public IReadOnlyList<byte[]> Seeds => _seeds ??= seeds();

    private IReadOnlyList<byte[]>? _seeds;

    /// <summary>Feeds one input; a designated exception counts as a rejection.</summary>
    public Outcome Run(byte[] input)
    {
        try
        {
            return run(input);
        }
        catch (Exception e) when (IsDesignated(e))
        {
            return Outcome.Rejected;
        }
    }

    public bool IsDesignated(Exception e)
    {
        foreach (Type t in designated)
        {
            if (t.IsInstanceOfType(e)) return true;
        }

        return false;
    }
}

/// <summary>A target found its input broke an invariant (not an exception the code under test threw).</summary>
internal sealed class InvariantException(string message) : Exception(message);
