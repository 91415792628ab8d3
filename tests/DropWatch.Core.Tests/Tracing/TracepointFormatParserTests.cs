using DropWatch.Core.Tracing;

namespace DropWatch.Core.Tests.Tracing;

public class TracepointFormatParserTests
{
    [Fact]
    public void Host_fixture_fields_have_the_offsets_the_kernel_printed()
    {
        var format = FormatFixtures.ParsedHost618;

        Assert.Equal("kfree_skb", format.Name);
        Assert.Equal(2310, format.Id);
        Assert.Equal(new TracepointField("void *", "skbaddr", 8, 8, false), format.SkbAddr);
        Assert.Equal(new TracepointField("void *", "location", 16, 8, false), format.Location);
        Assert.Equal(new TracepointField("void *", "rx_sk", 24, 8, false), format.RxSk);
        Assert.Equal(new TracepointField("unsigned short", "protocol", 32, 2, false), format.Protocol);
        Assert.Equal(new TracepointField("enum skb_drop_reason", "reason", 36, 4, false), format.Reason);
        Assert.Equal(9, format.Fields.Count);
        Assert.True(format.TryGetField("common_pid", out var pid));
        Assert.True(pid.Signed);
    }

    [Fact]
    public void Host_fixture_reason_table_is_read_from_print_fmt()
    {
        var format = FormatFixtures.ParsedHost618;

        Assert.Equal("NOT_SPECIFIED", format.ReasonName(2));
        Assert.Equal("NO_SOCKET", format.ReasonName(3));
        Assert.Equal("SOCKET_CLOSE", format.ReasonName(4));
        Assert.Equal("RECURSION_LIMIT", format.ReasonName(127));
        Assert.Equal("MAX", format.ReasonName(128));
        Assert.Equal(127, format.ReasonNames.Count); // 2..128
        Assert.Null(format.ReasonName(0));
        Assert.Null(format.ReasonName(0x10001)); // a subsystem reason: not in the core table
        Assert.StartsWith("\"skbaddr=%p rx_sk=%p", format.PrintFormat);
    }

    [Fact]
    public void Pre_5_17_format_has_no_reason_and_an_empty_table()
    {
        var format = TracepointFormat.Parse(FormatFixtures.PreReason);

        Assert.Null(format.Reason);
        Assert.Null(format.RxSk);
        Assert.Empty(format.ReasonNames);
        Assert.Null(format.ReasonName(1));
        Assert.Equal(24, format.Protocol.Offset);
        Assert.Equal(16, format.Location.Offset);
    }

    [Fact]
    public void Numbering_comes_from_the_file_not_from_a_built_in_table()
    {
        var old = TracepointFormat.Parse(FormatFixtures.Reason517);
        var current = FormatFixtures.ParsedHost618;

        Assert.Equal("NO_SOCKET", old.ReasonName(1));
        Assert.Equal("NO_SOCKET", current.ReasonName(3));
        Assert.Equal("PKT_TOO_SMALL", old.ReasonName(2));
        Assert.Equal("NOT_SPECIFIED", current.ReasonName(2));
        Assert.Equal(28, old.Reason!.Value.Offset);
    }

    [Fact]
    public void Hex_values_and_extra_whitespace_in_the_symbolic_table_are_accepted()
    {
        var text = FormatFixtures.PreReason.Replace(
            "REC->location\n",
            "REC->location, __print_symbolic( REC->reason ,{0x3,\"NO_SOCKET\"},\n  { 4 , \"X\" } )\n");
        text = text.Replace("\tfield:unsigned short protocol;\toffset:24;\tsize:2;\tsigned:0;\n",
            "\tfield:unsigned short protocol;\toffset:24;\tsize:2;\tsigned:0;\n\tfield:enum skb_drop_reason reason;\toffset:28;\tsize:4;\tsigned:0;\n");

        var format = TracepointFormat.Parse(text);

        Assert.Equal("NO_SOCKET", format.ReasonName(3));
        Assert.Equal("X", format.ReasonName(4));
    }

    [Fact]
    public void Array_and_data_loc_declarations_split_into_type_and_name()
    {
        var text = FormatFixtures.PreReason.Replace("format:\n",
            "format:\n\tfield:char comm[16];\toffset:40;\tsize:16;\tsigned:0;\n\tfield:__data_loc char[] name;\toffset:56;\tsize:4;\tsigned:0;\n");

        var format = TracepointFormat.Parse(text);

        Assert.True(format.TryGetField("comm", out var comm));
        Assert.Equal("char[16]", comm.Type);
        Assert.True(format.TryGetField("name", out var name));
        Assert.Equal("__data_loc char[]", name.Type);
    }

    [Theory]
    [InlineData("", "no 'name:' line")]
    [InlineData("name: kfree_skb\nformat:\n", "no 'field:' lines")]
    [InlineData("name: kfree_skb\n\tfield:void * location;\toffset:x;\tsize:8;\tsigned:0;\n", "line 2: offset is not a number: 'x'")]
    [InlineData("name: kfree_skb\n\tfield:void * location;\tsize:8;\tsigned:0;\n", "line 2: field line lacks offset or size")]
    [InlineData("name: kfree_skb\n\tfield:void * location;\n", "line 2: field line needs declaration, offset and size")]
    [InlineData("name: kfree_skb\n\tfield:location;\toffset:1;\tsize:8;\n", "line 2: cannot split field declaration")]
    [InlineData("name: kfree_skb\n\tfield:void * location;\toffset:-4;\tsize:8;\n", "line 2: field has offset -4")]
    public void Malformed_files_throw_a_format_exception_with_the_line(string text, string expected)
    {
        var e = Assert.Throws<TracepointFormatException>(() => TracepointFormat.Parse(text));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_different_event_is_rejected_by_its_missing_fields()
    {
        var text = FormatFixtures.PreReason.Replace("location", "callsite");

        var e = Assert.Throws<TracepointFormatException>(() => TracepointFormat.Parse(text));

        Assert.Contains("required field 'location' is missing", e.Message);
    }

    [Fact]
    public void Wrong_field_sizes_are_rejected()
    {
        var text = FormatFixtures.PreReason.Replace("protocol;\toffset:24;\tsize:2;", "protocol;\toffset:24;\tsize:4;");

        var e = Assert.Throws<TracepointFormatException>(() => TracepointFormat.Parse(text));

        Assert.Contains("field 'protocol' has size 4, expected 2 bytes", e.Message);
    }

    [Theory]
    [InlineData("__print_symbolic(REC->reason, { 2, \"A\" }", "unterminated __print_symbolic")]
    [InlineData("__print_symbolic(REC->reason, { 2, \"A\" ", "unterminated '{'")]
    [InlineData("__print_symbolic(REC->reason, { two, \"A\" })", "reason value is not a number: 'two'")]
    [InlineData("__print_symbolic(REC->reason, { 2, A })", "reason name is not a quoted string: 'A'")]
    [InlineData("__print_symbolic(REC->reason, { 2 })", "expected '{ value, \"NAME\" }'")]
    [InlineData("__print_symbolic(REC->reason, x)", "expected '{' in __print_symbolic")]
    [InlineData("__print_symbolic(REC->reason)", "expected ',' after REC->reason")]
    public void Malformed_reason_tables_throw(string call, string expected)
    {
        var text = FormatFixtures.Reason517[..FormatFixtures.Reason517.IndexOf("__print_symbolic", StringComparison.Ordinal)] + call + "\n";

        var e = Assert.Throws<TracepointFormatException>(() => TracepointFormat.Parse(text));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Truncated_and_mutated_host_files_never_throw_anything_but_format_exceptions()
    {
        var text = FormatFixtures.Host618;
        var random = new Random(1234);
        for (int i = 0; i < 2000; i++)
        {
            var chars = text.ToCharArray(0, random.Next(text.Length + 1));
            for (int j = random.Next(4); j > 0 && chars.Length > 0; j--)
                chars[random.Next(chars.Length)] = "{},;:\"0x9 \n"[random.Next(11)];
            try
            {
                TracepointFormat.Parse(new string(chars));
            }
            catch (TracepointFormatException)
            {
            }
        }
    }

    [Theory]
    [InlineData("offset:2147483647;\tsize:8;")]
    [InlineData("offset:2147483640;\tsize:8;")]
    [InlineData("offset:0x7ffffffc;\tsize:8;")]
    [InlineData("offset:65535;\tsize:8;")] // ends past the largest raw record a perf sample can carry
    public void A_field_that_ends_past_any_raw_record_is_rejected(string placement)
    {
        // offset + size used to overflow int in the decoder's field-end check, which then sliced out of range.
        var text = FormatFixtures.PreReason.Replace("offset:16;\tsize:8;", placement);
        var e = Assert.Throws<TracepointFormatException>(() => TracepointFormat.Parse(text));
        Assert.Contains("past the largest raw record", e.Message);
    }

    [Fact]
    public void A_field_that_ends_at_the_largest_raw_record_is_accepted()
    {
        var text = FormatFixtures.PreReason.Replace("offset:16;\tsize:8;", "offset:65527;\tsize:8;");
        Assert.Equal(65527, TracepointFormat.Parse(text).Location.Offset);
    }
}
