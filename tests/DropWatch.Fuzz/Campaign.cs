using System.Diagnostics;
using System.Security.Cryptography;

namespace DropWatch.Fuzz;

/// <summary>
/// Runs inputs through targets and keeps the score: per target, inputs by outcome and the slowest input.
/// For each target: its regression fixtures, then the systematic mutations of every seed, then random
/// mutants until its share of the budget is used. A crash, or an input slower than <see cref="SlowInput"/>
/// twice in a row (once could be the shared machine), fails the target and is saved for replay; a
/// watchdog ends the run (and saves the input) if one input hangs.
/// </summary>
internal sealed class Campaign(long budget, int seed, string? crashDirectory, TextWriter log)
{
    public static readonly TimeSpan SlowInput = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(20);
    private const int SavedPerTarget = 5;

    private long _inputStarted; // Stopwatch timestamp of the running input, 0 between inputs
    private byte[]? _current;
    private string _currentTarget = "";

    public sealed class Score(string target)
    {
        public string Target { get; } = target;
        public long Inputs, Accepted, Rejected, Crashed, Slow, Stalls;
        public TimeSpan Slowest;
        public bool Failed => Crashed > 0 || Slow > 0;
    }

    public List<Score> Run(IReadOnlyList<FuzzTarget> targets)
    {
        using var watchdog = new Timer(_ => CheckHang(), null, 1000, 1000);
        long totalWeight = targets.Sum(t => (long)t.Weight);
        var scores = new List<Score>();
        foreach (FuzzTarget target in targets)
        {
            long share = Math.Max(1, budget * target.Weight / totalWeight);
            scores.Add(RunTarget(target, share));
        }

        return scores;
    }

    private Score RunTarget(FuzzTarget target, long share)
    {
        var score = new Score(target.Name);
        _currentTarget = target.Name;
        var mutator = new Mutator(StableSeed(seed, target.Name));
        IReadOnlyList<byte[]> seeds = target.Seeds;

        foreach (byte[] input in Regressions.For(target.Name)) One(target, input, score);
        foreach (byte[] s in seeds)
        {
            // Seeds too long for a full systematic pass within the share get it on a prefix only.
            if (score.Inputs >= share / 2) break;
            foreach (byte[] input in Mutator.Systematic(s))
            {
                One(target, input, score);
                if (score.Inputs >= share / 2) break;
            }
        }

        while (score.Inputs < share) One(target, mutator.Next(seeds), score);
        return score;
    }

    private void One(FuzzTarget target, byte[] input, Score score)
    {
        _current = input;
        long start = Stopwatch.GetTimestamp();
        Volatile.Write(ref _inputStarted, start);
        Outcome outcome;
        Exception? failure = null;
        try
        {
            outcome = target.Run(input);
        }
        catch (Exception e)
        {
            outcome = Outcome.Crashed;
            failure = e;
        }

        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        Volatile.Write(ref _inputStarted, 0);
        score.Inputs++;
        if (elapsed > score.Slowest) score.Slowest = elapsed;
        switch (outcome)
        {
            case Outcome.Accepted: score.Accepted++; break;
            case Outcome.Rejected: score.Rejected++; break;
            default:
                score.Crashed++;
                Save(target.Name, "crash", input, score.Crashed, failure?.ToString() ?? "invariant broken");
                break;
        }

        if (elapsed > SlowInput)
        {
            // The machine is shared: a descheduled process can take a second over any input. A slow input is
            // timed once more; only one that is slow again is the code's fault. Stalls are still reported.
            TimeSpan again = TimeRun(target, input);
            if (again > SlowInput)
            {
                score.Slow++;
                Save(target.Name, "slow", input, score.Slow, $"took {elapsed.TotalMilliseconds:F0} ms, then {again.TotalMilliseconds:F0} ms");
            }
            else
            {
                score.Stalls++;
                log.WriteLine($"fuzz stall in {target.Name}: an input took {elapsed.TotalMilliseconds:F0} ms, then {again.TotalMilliseconds:F0} ms (machine busy)");
            }
        }
    }

    private TimeSpan TimeRun(FuzzTarget target, byte[] input)
    {
        long start = Stopwatch.GetTimestamp();
        Volatile.Write(ref _inputStarted, start);
        try
        {
            target.Run(input);
        }
        catch (Exception)
        {
            // Already counted on the first run.
        }

        Volatile.Write(ref _inputStarted, 0);
        return Stopwatch.GetElapsedTime(start);
    }

    private void Save(string target, string kind, byte[] input, long nth, string why)
    {
        if (nth > SavedPerTarget) return;
        string name = Convert.ToHexString(SHA256.HashData(input))[..16].ToLowerInvariant();
        log.WriteLine($"fuzz {kind} in {target} ({input.Length} bytes, {name}): {FirstLine(why)}");
        if (crashDirectory is null) return;
        string dir = Path.Combine(crashDirectory, target);
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, $"{kind}-{name}.bin"), input);
        File.WriteAllText(Path.Combine(dir, $"{kind}-{name}.txt"), why + Environment.NewLine);
    }

    private void CheckHang()
    {
        long started = Volatile.Read(ref _inputStarted);
        if (started == 0 || Stopwatch.GetElapsedTime(started) < Hang) return;
        Save(_currentTarget, "hang", _current ?? [], 1, $"no return after {Hang.TotalSeconds:F0} s");
        log.WriteLine($"fuzz: hang in {_currentTarget}; stopping");
        log.Flush();
        Environment.Exit(3);
    }

    // HashCode is randomised per process; runs must repeat, so the per-target seed is FNV-1a of the name.
    private static int StableSeed(int seed, string name)
    {
        uint hash = 2166136261;
        foreach (char c in name) hash = (hash ^ c) * 16777619;
        return (int)(hash ^ (uint)seed);
    }

    private static string FirstLine(string text)
    {
        int newline = text.IndexOf('\n');
        return newline < 0 ? text : text[..newline].TrimEnd();
    }
}
