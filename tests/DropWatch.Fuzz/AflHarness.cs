using SharpFuzz;

namespace DropWatch.Fuzz;

/// <summary>
/// Coverage-guided mode: the harness afl-fuzz runs (scripts/fuzz-afl.sh). SharpFuzz's out-of-process
/// runner forks the inputs through one process and reports the edge coverage of the instrumented
/// DropWatch assemblies to AFL++; an exception that is not the target's designated one escapes and
/// is recorded by AFL++ as a crash.
/// </summary>
internal static class AflHarness
{
    public static int Run(FuzzTarget target)
    {
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            if (target.Run(buffer.ToArray()) == Outcome.Crashed) throw new InvariantException("invariant broken");
        });
        return 0;
    }

    /// <summary>Writes the target's seeds as AFL++'s starting corpus.</summary>
    public static int WriteSeeds(FuzzTarget target, string directory)
    {
        Directory.CreateDirectory(directory);
        int n = 0;
        foreach (byte[] seed in target.Seeds.Concat(Regressions.For(target.Name)))
        {
            if (seed.Length > 16 * 1024) continue; // AFL++ works best on small inputs
            File.WriteAllBytes(Path.Combine(directory, $"seed-{n++:D3}"), seed);
        }

        return 0;
    }
}
