using DropWatch.Core.Symbols;

namespace DropWatch.Cli.Tests;

/// <summary>A resolver with a few known functions, so transcripts don't depend on the host's kernel.</summary>
internal sealed class FixedResolver : ISymbolResolver
{
    private readonly (ulong Start, ulong End, string Name)[] _functions =
    [
        (0xffffffff962ac410, 0xffffffff962ac900, "tcp_v4_rcv"),
        (0xffffffff96300000, 0xffffffff96300400, "__udp4_lib_rcv"),
    ];

    public string MethodName => "fixed";

    public bool TryResolve(ulong address, out SymbolMatch match)
    {
        foreach (var (start, end, name) in _functions)
        {
            if (address >= start && address < end)
            {
                match = new SymbolMatch(name, address - start, null);
                return true;
            }
        }
        match = default;
        return false;
    }
}
