using System.Text;
using DropWatch.Core.Symbols;

namespace DropWatch.Core.Tests.Symbols;

public class SymbolNameStoreTests
{
    private static string NameOf(int i) => $"fn_{i}_" + new string((char)('a' + (i % 26)), i % 300);

    [Fact]
    public void Every_name_comes_back_across_chunk_and_block_boundaries()
    {
        // ~40k names of 6-310 bytes: several 256 KiB chunks, one- and two-byte length prefixes, and chunks
        // that start in the middle of a block.
        var store = new SymbolNameStore();
        const int n = 40_000;
        for (int i = 0; i < n; i++) Assert.Equal(i, store.Add(Encoding.UTF8.GetBytes(NameOf(i))));

        Assert.True(store.RetainedBytes > 3 * (1 << 18), "the test must span several chunks");
        for (int i = 0; i < n; i++) Assert.Equal(NameOf(i), Encoding.UTF8.GetString(store.Bytes(i)));
        Assert.Equal(NameOf(12_345), store[12_345]);
        Assert.Same(store[12_345], store[12_345]);
    }

    [Fact]
    public void Overlong_names_are_cut_and_the_next_name_is_intact()
    {
        var store = new SymbolNameStore();
        store.Add(Enumerable.Repeat((byte)'x', 10_000).ToArray());
        store.Add("after"u8);

        Assert.Equal(SymbolNameStore.MaxNameBytes, store.Bytes(0).Length);
        Assert.Equal("after", store[1]);
    }

    [Fact]
    public void Empty_names_and_invalid_utf8_are_kept_as_given()
    {
        var store = new SymbolNameStore();
        store.Add(""u8);
        store.Add([0xff, 0x41]);
        store.Add("z"u8);

        Assert.Equal("", store[0]);
        Assert.Equal("\uFFFDA", store[1]);
        Assert.Equal([1], store.OrdinalsNamed("\uFFFDA"));
        Assert.Equal("z", store[2]);
    }

    [Fact]
    public void Ordinals_named_lists_every_alias_in_file_order()
    {
        var store = new SymbolNameStore();
        foreach (string name in new[] { "a", "dup", "b", "dup" }) store.Add(Encoding.UTF8.GetBytes(name));

        Assert.Equal([1, 3], store.OrdinalsNamed("dup"));
        Assert.Empty(store.OrdinalsNamed("missing"));
        Assert.Empty(store.OrdinalsNamed("\ud800")); // a lone surrogate is no decoded name
    }

    [Fact]
    public void Out_of_range_ordinals_are_refused()
    {
        var store = new SymbolNameStore();
        store.Add("a"u8);
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Bytes(1).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Bytes(-1).Length);
    }
}
