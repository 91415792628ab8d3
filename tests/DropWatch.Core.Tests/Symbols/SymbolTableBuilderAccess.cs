using DropWatch.Core.Symbols;

namespace DropWatch.Core.Tests.Symbols;

/// <summary>Names for the builder's internal constants, so tests read in domain terms.</summary>
internal static class SymbolTableBuilderAccess
{
    public const int Core = SymbolTableBuilder.CoreModuleIndex;
}
