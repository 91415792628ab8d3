using System.Text;

namespace DropWatch.Core.Symbols;

/// <summary>Reads small procfs text files: the kernel release (what <c>uname -r</c> prints), the command line.</summary>
internal static class ProcText
{
    /// <summary>The trimmed first line of <paramref name="path"/>, or null if unreadable or empty.</summary>
    public static string? ReadFirstLine(string path) => ReadSmallText(path, out _)?.Trim() is { Length: > 0 } text ? FirstLine(text) : null;

    /// <summary>Reads a short text file (at most 64 KiB) through <see cref="KernelFile"/>.</summary>
    public static string? ReadSmallText(string path, out FileError? error)
    {
        error = KernelFile.TryOpen(path, out KernelFile? file);
        if (error is not null) return null;
        using (file)
        {
            byte[] buffer = new byte[64 * 1024];
            int total = 0;
            while (total < buffer.Length)
            {
                int n = file!.Read(buffer.AsSpan(total), out error);
                if (n < 0) return null;
                if (n == 0) break;
                total += n;
            }

            return Encoding.UTF8.GetString(buffer, 0, total);
        }
    }

    private static string FirstLine(string text)
    {
        int newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text[..newline].Trim();
    }
}
