using System.Globalization;
using DropWatch.Core.DropMonitor;

namespace DropWatch.Cli.Dwdump;

/// <summary>
/// dwdump 1.5.4's command line with its meaning: <c>-w FILE</c> pcap output (default stdout),
/// <c>-t LEN</c> truncation (0 or over 65535: none, i.e. 65535), <c>-q</c> query, <c>-l N</c> queue
/// length, <c>-p</c> passive, <c>-s</c> statistics, <c>-b N</c> receive buffer, <c>-o sw|hw</c>
/// origin, <c>-e</c> stop and exit, <c>-h</c> help; the same long forms, getopt_long style
/// (<c>-wFILE</c>, <c>-qs</c>, <c>--write=FILE</c>, unambiguous prefixes such as <c>--wr</c>).
/// Numbers must be numbers here (upstream's atol took "abc" as 0).
/// </summary>
public sealed record DwdumpOptions
{
    public const uint NoTruncation = 0xffff;

    public string? File { get; init; }
    public uint Truncation { get; init; } = NoTruncation;
    public uint QueueLength { get; init; } = 1000;
    public int ReceiveBuffer { get; init; } = 1024 * 1024;
    public Origins Origins { get; init; } = Origins.Software | Origins.Hardware;
    public bool Query { get; init; }
    public bool Stats { get; init; }
    public bool Passive { get; init; }
    public bool StopAndExit { get; init; }
    public bool Help { get; init; }

    /// <summary>pcap snap length, as dwdump sets it: the truncation plus room for the NET_DM attributes.</summary>
    public uint SnapLength => Truncation + 2048;

    private static readonly (string Name, char Short, bool HasValue)[] LongOptions =
    [
        ("write", 'w', true), ("trunc", 't', true), ("query", 'q', false), ("limit", 'l', true),
        ("passive", 'p', false), ("stats", 's', false), ("bufsize", 'b', true), ("origin", 'o', true),
        ("exit", 'e', false), ("help", 'h', false),
    ];

    private const string ShortWithValue = "wtlbo";
    private const string ShortFlags = "qpseh";

    /// <summary>Parsed options, or null with <paramref name="error"/> (one line, getopt's wording where getopt has one).</summary>
    public static DwdumpOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var o = new DwdumpOptions();
        error = null;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--")
                break;
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                string body = arg[2..];
                int eq = body.IndexOf('=');
                string name = eq >= 0 ? body[..eq] : body;
                var matches = LongOptions.Where(l => l.Name.StartsWith(name, StringComparison.Ordinal) && name.Length > 0).ToArray();
                if (matches.Length != 1)
                {
                    error = $"unrecognized option '{arg}'";
                    return null;
                }
                var (full, letter, hasValue) = matches[0];
                string? value = null;
                if (hasValue)
                {
                    if (eq >= 0) value = body[(eq + 1)..];
                    else if (i + 1 < args.Count) value = args[++i];
                    else
                    {
                        error = $"option '--{full}' requires an argument";
                        return null;
                    }
                }
                else if (eq >= 0)
                {
                    error = $"option '--{full}' doesn't allow an argument";
                    return null;
                }
                o = Apply(o, letter, value, out error);
                if (o is null) return null;
            }
            else if (arg.Length > 1 && arg[0] == '-')
            {
                for (int k = 1; k < arg.Length; k++)
                {
                    char c = arg[k];
                    if (ShortWithValue.Contains(c))
                    {
                        string? value = k + 1 < arg.Length ? arg[(k + 1)..] : i + 1 < args.Count ? args[++i] : null;
                        if (value is null)
                        {
                            error = $"option requires an argument -- '{c}'";
                            return null;
                        }
                        o = Apply(o, c, value, out error);
                        if (o is null) return null;
                        break;
                    }
                    if (!ShortFlags.Contains(c))
                    {
                        error = $"invalid option -- '{c}'";
                        return null;
                    }
                    o = Apply(o, c, null, out error)!;
                }
            }
            // Anything else is an operand, which dwdump ignores (getopt moves it past the options).
        }
        return o;
    }

    private static DwdumpOptions? Apply(DwdumpOptions o, char option, string? value, out string? error)
    {
        error = null;
        switch (option)
        {
            case 'w': return o with { File = value };
            case 'q': return o with { Query = true };
            case 'p': return o with { Passive = true };
            case 's': return o with { Stats = true };
            case 'e': return o with { StopAndExit = true };
            case 'h': return o with { Help = true };
            case 'o':
                if (value == "sw") return o with { Origins = Origins.Software };
                if (value == "hw") return o with { Origins = Origins.Hardware };
                error = $"Invalid origin: '{value}'";
                return null;
            case 't':
                if (!TryNumber(value!, out ulong t, option, out error)) return null;
                return o with { Truncation = t == 0 || t > NoTruncation ? NoTruncation : (uint)t };
            case 'l':
                if (!TryNumber(value!, out ulong q, option, out error)) return null;
                if (q > uint.MaxValue)
                {
                    error = $"invalid queue length '{value}' for -l: at most {uint.MaxValue}";
                    return null;
                }
                return o with { QueueLength = (uint)q };
            case 'b':
                if (!TryNumber(value!, out ulong b, option, out error)) return null;
                if (b is 0 or > int.MaxValue)
                {
                    error = $"invalid buffer size '{value}' for -b: 1 to {int.MaxValue} bytes";
                    return null;
                }
                return o with { ReceiveBuffer = (int)b };
        }
        throw new InvalidOperationException($"option -{option} is not handled");
    }

    private static bool TryNumber(string text, out ulong value, char option, out string? error)
    {
        error = null;
        if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
            return true;
        error = $"invalid number '{text}' for -{option}";
        return false;
    }
}
