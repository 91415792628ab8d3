namespace DropWatch.Cli.Options;

/// <summary>
/// The usage line and the extra sections of <c>--help</c>. The first usage line is upstream's
/// exactly, so a script that compares what <c>dropwatch -x</c> prints first still matches; the
/// second line adds our options.
/// </summary>
public static class UsageText
{
    public const string UpstreamLine = "dropwatch [-l|--lmethod <method | list>]";

    public const string Usage =
        UpstreamLine + "\n" +
        "          [--sysmap-file PATH] [--kaslr-offset HEX] [--receive-buffer BYTES] [--source auto|netdm|tracepoint]\n" +
        "          [--format text|json] [--payload] [--pcapng FILE|-] [--passive] [--filter EXPR] [--stack] [-h|--help] [--version]\n" +
        "          [--start [--mode summary|packet] [--count N] [--duration TIME] [--sw] [--hw] [--trunc BYTES] [--queue PACKETS]\n" +
        "                   [--keep-config] | --query | --stats | --stop [--sw] [--hw]]\n" +
        "          [--table] [--table-rows N] [--table-process] [--top] [--hide-noise] [--ignore GLOB]...\n" +
        "          [--metrics-listen [ADDRESS:]PORT [--metrics-max-series N]]\n";

    // Keep in step with README.md ("Usage", "Exit status") and Hosting/ExitCode.cs.
    public const string ReplCommands =
        "REPL commands (type 'help' at the prompt for upstream's list):\n" +
        "  start                            start monitoring; Ctrl-C, or the alert limit, stops it\n" +
        "  start passive                    listen to a monitor another client owns (no START/STOP/CONFIG sent)\n" +
        "  stop                             stop monitoring\n" +
        "  set alertlimit N                 stop after N alerts\n" +
        "  set alertmode summary|packet     per-location counts, or one block per dropped packet\n" +
        "  set trunc N, set queue N         packet length and kernel queue (NET_DM packet mode only)\n" +
        "  set sw true|false, set hw ...    software / hardware drops (hardware: NET_DM only)\n" +
        "  set filter EXPR, set filter      show only matching drops (grammar: README); alone: clear\n" +
        "  show, stats                      current configuration; drops the kernel could not report\n" +
        "  show table                       drops by location and reason in the running or last session\n" +
        "  top                              monitor with the live drop table (q quit, s sort, p pause)\n" +
        "  help, exit                       upstream's help; quit (end of input quits too)\n";

    public const string ExitStatus =
        "Exit status:\n" +
        "  0        exit or end of input and every command succeeded; -l list, --help, --version\n" +
        "  1        bad option, unknown -l method, no usable drop source (no NET_DM with --source netdm),\n" +
        "           --pcapng or --passive with the tracepoint source, a --pcapng file that cannot be created,\n" +
        "           or a command was rejected or a kernel request failed (the first is named at exit)\n" +
        "  70       internal error (monitoring was stopped first)\n" +
        "  74       stdout failed (e.g. /dev/full) or was closed at start\n" +
        "  77       missing privilege (run as root)\n" +
        "  141      stdout closed by its reader (dropwatch | head), after stopping monitoring\n" +
        "  128+N    ended by signal N (SIGTERM, SIGHUP, SIGQUIT, or a second signal) while monitoring, after stopping it\n" +
        "One-shot runs (--start, --query, --stats, --stop):\n" +
        "  0        --start ended at --count, at --duration, or by SIGINT, SIGTERM or SIGHUP, with STOP acknowledged and\n" +
        "           the configuration put back; --query, --stats, --stop answered\n" +
        "  1        a kernel request failed (start, stop, configure, restore, query), or a bad option or combination\n" +
        "  74, 77, 141 as above; 128+N for SIGQUIT and for a second signal during the stop\n";

    public const string Environment =
        "Environment:\n" +
        "  DROPWATCH_HISTORY                history file for the interactive prompt (default ~/.dropwatch_history;\n" +
        "                                   empty: keep no history file)\n";
}
