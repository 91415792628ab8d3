using System.Runtime.InteropServices;

namespace DropWatch.Core.Symbols;

/// <summary>A failed system call on a symbol source file, with the errno that explains it.</summary>
/// <param name="Path">The file.</param>
/// <param name="Operation">What was attempted: <c>open</c> or <c>read</c>.</param>
/// <param name="Errno">The errno value.</param>
/// <param name="Reason">
/// Why, when no errno text says it (the file is a FIFO, a device, or too large): the call succeeded but the
/// file is refused; <paramref name="Errno"/> is then the nearest errno.
/// </param>
public readonly record struct FileError(string Path, string Operation, int Errno, string? Reason = null)
{
    /// <summary>e.g. <c>cannot open /boot/System.map-6.1.0: No such file or directory</c>.</summary>
    public string Message => $"cannot {Operation} {Path}: {Reason ?? Marshal.GetPInvokeErrorMessage(Errno)}";

    /// <inheritdoc/>
    public override string ToString() => Message;
}
