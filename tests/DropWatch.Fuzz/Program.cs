using System.Diagnostics;
using System.Globalization;
using DropWatch.Fuzz;
using DropWatch.Fuzz.Targets;

// dropwatch-fuzz [--inputs N] [--seed S] [--crash-dir DIR] [--target NAME]   seeded mutation campaign
// dropwatch-fuzz --list                                                      target names
// dropwatch-fuzz --replay FILE... --target NAME                              one input each, outcome printed
// dropwatch-fuzz --afl NAME                                                  harness for afl-fuzz (SharpFuzz)
// dropwatch-fuzz --write-seeds NAME DIR                                      the target's seeds, for afl-fuzz -i
FuzzTarget[] targets =
[
    .. NetlinkTargets.All(), .. NetDmTargets.All(), .. ClientTargets.All(), .. TracingTargets.All(), .. SymbolTargets.All(), .. HttpTargets.All(),
];

long inputs = 1_200_000;
int seed = 1;
string? crashDir = null, only = null;
List<string> replay = [];
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--inputs": inputs = long.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--crash-dir": crashDir = args[++i]; break;
        case "--target": only = args[++i]; break;
        case "--list":
            foreach (FuzzTarget t in targets) Console.WriteLine(t.Name);
            return 0;
        case "--replay":
            while (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) replay.Add(args[++i]);
            break;
        case "--afl":
            return AflHarness.Run(Find(targets, args[++i]));
        case "--write-seeds":
            return AflHarness.WriteSeeds(Find(targets, args[i + 1]), args[i + 2]);
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}'");
            return 2;
    }
}

if (only is not null) targets = [Find(targets, only)];
if (replay.Count > 0)
{
    foreach (string file in replay)
    {
        try { Console.WriteLine($"{file}: {targets[0].Run(File.ReadAllBytes(file))}"); }
        catch (Exception e) { Console.WriteLine($"{file}: crashed: {e}"); }
    }

    return 0;
}

var clock = Stopwatch.StartNew();
var scores = new Campaign(inputs, seed, crashDir, Console.Out).Run(targets);
clock.Stop();
SymbolTargets.CleanUp();

foreach (Campaign.Score s in scores)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"fuzz {s.Target,-18} {s.Inputs,9} inputs: {s.Accepted,8} accepted, {s.Rejected,8} rejected, {s.Crashed} crashed, {s.Slow} slow ({s.Stalls} stalls); slowest {s.Slowest.TotalMilliseconds:F1} ms"));
}

long total = scores.Sum(s => s.Inputs);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"fuzz: {total} inputs in {clock.Elapsed.TotalSeconds:F1} s (seed {seed}, {total / Math.Max(0.001, clock.Elapsed.TotalSeconds):F0}/s): " +
    $"{scores.Sum(s => s.Accepted)} accepted, {scores.Sum(s => s.Rejected)} rejected, {scores.Sum(s => s.Crashed)} crashed, {scores.Sum(s => s.Slow)} slow, {scores.Sum(s => s.Stalls)} stalls"));
int failed = scores.Count(s => s.Failed);
Console.WriteLine($"fuzz: {scores.Count - failed} passed, {failed} failed");
return failed == 0 ? 0 : 1;

static FuzzTarget Find(FuzzTarget[] targets, string name) =>
    targets.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"no fuzz target '{name}'");
