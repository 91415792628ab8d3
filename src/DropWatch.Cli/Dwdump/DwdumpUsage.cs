namespace DropWatch.Cli.Dwdump;

/// <summary>dwdump's usage text, as 1.5.4 prints it (it has no line for <c>-h</c>), then ours.</summary>
public static class DwdumpUsage
{
    public const string Upstream =
        "Usage:\n" +
        "dwdump [ -w <file> -t <length> -q -l <limit> -p -s -b <size> -e -o <sw|hw> ]\n" +
        " -w <file> dump packets to provided file. defaults to standard output\n" +
        " -t <length> truncate packets to provided length. defaults to no truncation\n" +
        " -q query the kernel for current configuration and exit\n" +
        " -l <limit> set packet queue limit to provided limit\n" +
        " -p only listen on notified packets with no configuration\n" +
        " -s query kernel for statistics and exit\n" +
        " -b <size> set the socket's receive buffer to provided size\n" +
        " -o monitor only <sw|hw> originated drops. defaults to all\n" +
        " -e ask kernel to stop monitoring and exit\n";
}
