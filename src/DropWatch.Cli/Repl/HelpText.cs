namespace DropWatch.Cli.Repl;

/// <summary>The help block, byte-identical to upstream 1.5 (TAB-aligned).</summary>
public static class HelpText
{
    public const string Text =
        "Command Syntax:\n" +
        "exit\t\t\t\t - Quit dropwatch\n" +
        "help\t\t\t\t - Display this message\n" +
        "set:\n" +
        "\talertlimit <number>\t - capture only this many alert packets\n" +
        "\talertmode <mode>\t - set mode to \"summary\" or \"packet\"\n" +
        "\ttrunc <len>\t\t - truncate packets to this length. Only applicable when \"alertmode\" is set to \"packet\"\n" +
        "\tqueue <len>\t\t - queue up to this many packets in the kernel. Only applicable when \"alertmode\" is set to \"packet\"\n" +
        "\tsw <true | false>\t - monitor software drops\n" +
        "\thw <true | false>\t - monitor hardware drops\n" +
        "start\t\t\t\t - start capture\n" +
        "stop\t\t\t\t - stop capture\n" +
        "show\t\t\t\t - show existing configuration\n" +
        "stats\t\t\t\t - show statistics\n";
}
