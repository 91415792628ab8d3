using System.Diagnostics.CodeAnalysis;

namespace DropWatch.Core.Symbols;

/// <summary>The outcome of loading a symbol file: a table, or a problem with a message for humans.</summary>
public sealed class SymbolLoadResult
{
    private SymbolLoadResult(SymbolTable? table, SymbolLoadProblem problem, string? message, FileError? fileError, int skippedLines)
    {
        Table = table;
        Problem = problem;
        Message = message;
        FileError = fileError;
        SkippedLines = skippedLines;
    }

    /// <summary>The table, when <see cref="Succeeded"/>.</summary>
    public SymbolTable? Table { get; }

    /// <summary><see cref="SymbolLoadProblem.None"/> on success.</summary>
    public SymbolLoadProblem Problem { get; }

    /// <summary>What went wrong, naming the file (null on success).</summary>
    public string? Message { get; }

    /// <summary>The failed system call, for <see cref="SymbolLoadProblem.FileUnreadable"/>.</summary>
    public FileError? FileError { get; }

    /// <summary>Lines that were not in the expected format and were ignored.</summary>
    public int SkippedLines { get; }

    /// <summary>True when <see cref="Table"/> is usable.</summary>
    [MemberNotNullWhen(true, nameof(Table))]
    [MemberNotNullWhen(false, nameof(Message))]
    public bool Succeeded => Table is not null;

    internal static SymbolLoadResult Loaded(SymbolTable table, int skippedLines) =>
        new(table, SymbolLoadProblem.None, null, null, skippedLines);

    internal static SymbolLoadResult Failed(SymbolLoadProblem problem, string message, int skippedLines = 0) =>
        new(null, problem, message, null, skippedLines);

    internal static SymbolLoadResult Unreadable(FileError error) =>
        new(null, SymbolLoadProblem.FileUnreadable, error.Message, error, 0);
}
