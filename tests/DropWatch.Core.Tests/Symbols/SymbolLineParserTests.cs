using System.Text;
using DropWatch.Core.Symbols;

namespace DropWatch.Core.Tests.Symbols;

public class SymbolLineParserTests
{
    private static (bool Ok, ulong Address, char Type, string Name, string Module) Parse(string line)
    {
        bool ok = SymbolLineParser.TryParse(Encoding.ASCII.GetBytes(line), out ulong address, out byte type, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> module);
        return (ok, address, (char)type, Encoding.ASCII.GetString(name), Encoding.ASCII.GetString(module));
    }

    [Fact]
    public void Core_line()
    {
        Assert.Equal((true, 0xffffffff81e42dc0UL, 'T', "sk_skb_reason_drop", ""), Parse("ffffffff81e42dc0 T sk_skb_reason_drop"));
    }

    [Fact]
    public void Module_line_with_tab()
    {
        Assert.Equal((true, 0xffffffffc0201000UL, 't', "ftrace_trampoline", "__builtin__ftrace"), Parse("ffffffffc0201000 t ftrace_trampoline\t[__builtin__ftrace]"));
    }

    [Fact]
    public void Upper_case_hex_and_short_addresses_are_accepted()
    {
        Assert.Equal((true, 0xABCUL, 'D', "x", ""), Parse("ABC D x"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ffffffff81000000")]
    [InlineData("ffffffff81000000 T")]
    [InlineData("ffffffff81000000 T ")]
    [InlineData("ffffffff81000000  T name")]
    [InlineData("ffffffff81000000 TT name")]
    [InlineData("xyz T name")]
    [InlineData("1ffffffff81000000 T name")]
    [InlineData(" ffffffff81000000 T name")]
    [InlineData("ffffffff81000000 t name\t[unterminated")]
    [InlineData("ffffffff81000000 t name\t[]")]
    [InlineData("ffffffff81000000 t name\tgarbage")]
    public void Malformed_lines_are_rejected(string line)
    {
        Assert.False(Parse(line).Ok);
    }

    [Fact]
    public void Malformed_lines_are_counted_and_the_rest_still_loads()
    {
        var builder = new SymbolTableBuilder();
        var parser = new SymbolLineParser(builder, SymbolKinds.Text);
        foreach (string line in new[] { "ffffffff81000000 T good_one", "garbage", "ffffffff81000100 T", "\u00ff\u00fe binary", "", "ffffffff81000200 T good_two\r" })
            parser.OnLine(Encoding.Latin1.GetBytes(line));

        SymbolTable table = builder.Build();
        Assert.Equal(3, parser.SkippedLines);
        Assert.Equal(2, parser.WellFormedLines);
        Assert.True(table.TryFind(0xffffffff81000204, out SymbolMatch match));
        Assert.Equal("good_two", match.Name); // the CR of a CRLF file is not part of the name
    }

    [Fact]
    public void Text_kinds_drop_data_symbols_that_would_misname_code()
    {
        var builder = new SymbolTableBuilder();
        var parser = new SymbolLineParser(builder, SymbolKinds.Text);
        parser.OnLine("0000000000001000 T fn"u8);
        parser.OnLine("0000000000001800 d some_object"u8);
        parser.OnLine("0000000000001900 W weak_fn"u8);

        SymbolTable table = builder.Build();
        Assert.True(table.TryFind(0x1810, out SymbolMatch match));
        Assert.Equal("fn", match.Name);
        Assert.True(table.TryFind(0x1910, out match));
        Assert.Equal("weak_fn", match.Name);
    }

    [Fact]
    public void All_kinds_keep_data_symbols()
    {
        var builder = new SymbolTableBuilder();
        var parser = new SymbolLineParser(builder, SymbolKinds.All);
        parser.OnLine("0000000000001000 T fn"u8);
        parser.OnLine("0000000000001800 d some_object"u8);

        Assert.True(builder.Build().TryFind(0x1810, out SymbolMatch match));
        Assert.Equal("some_object", match.Name);
    }
}
