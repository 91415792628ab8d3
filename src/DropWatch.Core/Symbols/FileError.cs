using System.Runtime.InteropServices;

namespace DropWatch.Core.Symbols;

/// <summary>A failed system call on a symbol source file, with the errno that explains it.</summary>
/// <param name="Path">The file.</param>
/// <param name="Operation">What was attempted: <c>open</c> or <c>read</c>.</param>
/// <param name="Errno">The errno value.</param>
public readonly record struct FileError(string Path, string Operation, int Errno)
{
    /// <summary>e.g. <c>cannot open /boot/System.map-6.1.0: No such file or directory</c>.</summary>
    public string Message => $"cannot {Operation} {Path}: {Marshal.GetPInvokeErrorMessage(Errno)}";

    /// <inheritdoc/>
    public override string ToString() => Message;
}
