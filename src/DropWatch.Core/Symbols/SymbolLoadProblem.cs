namespace DropWatch.Core.Symbols;

/// <summary>Why a symbol source could not give a usable table. The CLI decides what each means for the user.</summary>
public enum SymbolLoadProblem
{
    /// <summary>Loaded.</summary>
    None,

    /// <summary>The file could not be opened or read; see <see cref="SymbolLoadResult.FileError"/>.</summary>
    FileUnreadable,

    /// <summary>Every address in the file is zero: <c>kernel.kptr_restrict</c> hides them from this user.</summary>
    AddressesHidden,

    /// <summary>The file held no usable symbol line.</summary>
    NoSymbols,

    /// <summary>System.map addresses cannot be relocated: the KASLR slide is unknown.</summary>
    SlideUnknown,

    /// <summary>The System.map does not describe the running kernel, or the slide does not fit it.</summary>
    MapMismatch,
}
