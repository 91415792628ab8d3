using DropWatch.Core.Tracing;

namespace DropWatch.Core.Tests.Tracing;

/// <summary>Format files used by the tests: the captured host fixture and layouts synthesised from reference §9.1.</summary>
internal static class FormatFixtures
{
    public static string Host618 => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Tracing", "Fixtures", "kfree_skb.format.6.18"));

    public static TracepointFormat ParsedHost618 => TracepointFormat.Parse(Host618);

    private const string CommonFields =
        "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n" +
        "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n" +
        "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n" +
        "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n";

    /// <summary>Before 5.17: no reason field, no symbolic table.</summary>
    public const string PreReason =
        "name: kfree_skb\nID: 1234\nformat:\n" + CommonFields +
        "\tfield:void * skbaddr;\toffset:8;\tsize:8;\tsigned:0;\n" +
        "\tfield:void * location;\toffset:16;\tsize:8;\tsigned:0;\n" +
        "\tfield:unsigned short protocol;\toffset:24;\tsize:2;\tsigned:0;\n\n" +
        "print fmt: \"skbaddr=%p protocol=%u location=%p\", REC->skbaddr, REC->protocol, REC->location\n";

    /// <summary>5.17: reason added, numbering starting at NOT_SPECIFIED = 0 (reference §9.3).</summary>
    public const string Reason517 =
        "name: kfree_skb\nID: 1500\nformat:\n" + CommonFields +
        "\tfield:void * skbaddr;\toffset:8;\tsize:8;\tsigned:0;\n" +
        "\tfield:void * location;\toffset:16;\tsize:8;\tsigned:0;\n" +
        "\tfield:unsigned short protocol;\toffset:24;\tsize:2;\tsigned:0;\n" +
        "\tfield:enum skb_drop_reason reason;\toffset:28;\tsize:4;\tsigned:0;\n\n" +
        "print fmt: \"skbaddr=%p protocol=%u location=%p reason: %s\", REC->skbaddr, REC->protocol, REC->location, " +
        "__print_symbolic(REC->reason, { 0, \"NOT_SPECIFIED\" }, { 1, \"NO_SOCKET\" }, { 2, \"PKT_TOO_SMALL\" }, " +
        "{ 3, \"TCP_CSUM\" }, { 4, \"SOCKET_FILTER\" }, { 5, \"UDP_CSUM\" }, { 6, \"MAX\" })\n";
}
