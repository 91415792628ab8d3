using DropWatch.Native;

namespace DropWatch.ReadLine.Terminal;

/// <summary>isatty(3), kept in one place so the public type stays free of P/Invoke details.</summary>
internal static class TerminalDetector
{
    public static bool IsTerminal(int fd) => LibC.IsATty(fd) == 1;
}
