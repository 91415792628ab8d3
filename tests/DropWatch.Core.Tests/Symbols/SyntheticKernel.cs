using System.Text;

namespace DropWatch.Core.Tests.Symbols;

/// <summary>
/// One made-up kernel described twice: as a System.map (link-time addresses) and as /proc/kallsyms
/// (the same symbols moved by a KASLR slide, plus module symbols the map never has).
/// </summary>
internal static class SyntheticKernel
{
    public const ulong LinkBase = 0xffffffff81000000;

    public static readonly (ulong Offset, char Type, string Name)[] CoreSymbols =
    [
        (0x0, 'T', "_text"),
        (0x0, 'T', "_stext"),
        (0x100, 'T', "do_one_initcall"),
        (0x400, 't', "static_helper"),
        (0x400, 't', "static_helper_alias"),
        (0x1000, 'T', "kfree_skb_reason"),
        (0x1400, 'W', "weak_default"),
        (0x2000, 'T', "_etext"),
        (0x3000, 'D', "some_data"),
        (0x8000, 'T', "_sinittext"),
        (0x8100, 'T', "init_fn"),
        (0x9000, 'T', "_einittext"),
        (0xa000, 'B', "_end"),
    ];

    public static string SystemMap(ulong etextOverride = 0)
    {
        var map = new StringBuilder();
        foreach (var (offset, type, name) in CoreSymbols)
        {
            ulong address = name == "_etext" && etextOverride != 0 ? etextOverride : LinkBase + offset;
            map.Append($"{address:x16} {type} {name}\n");
        }

        return map.ToString();
    }

    public static string Kallsyms(ulong slide)
    {
        var kallsyms = new StringBuilder();
        foreach (var (offset, type, name) in CoreSymbols) kallsyms.Append($"{LinkBase + offset + slide:x16} {type} {name}\n");
        kallsyms.Append("ffffffffc0a00100 t mod_fn_b\t[netmod]\n");
        kallsyms.Append("ffffffffc0a00000 t mod_fn_a\t[netmod]\n");
        return kallsyms.ToString();
    }

    public static string Hidden()
    {
        var kallsyms = new StringBuilder();
        foreach (var (_, type, name) in CoreSymbols) kallsyms.Append($"0000000000000000 {type} {name}\n");
        return kallsyms.ToString();
    }
}
