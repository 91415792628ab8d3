namespace DropWatch.Core.Symbols;

/// <summary>
/// The result of a lookup. <see cref="Name"/> and <see cref="Module"/> are the strings held by the
/// symbol table itself, so producing a match allocates nothing (except the first time a symbol's name is
/// returned, when the table decodes it once from the file's bytes).
/// </summary>
/// <param name="Name">Function (or other symbol) name, without the module suffix.</param>
/// <param name="Offset">Distance of the address from the symbol's start.</param>
/// <param name="Module">Kernel module the symbol belongs to, or null for the core kernel.</param>
public readonly record struct SymbolMatch(string Name, ulong Offset, string? Module);
