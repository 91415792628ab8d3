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

    [Fact]
    public void Padding_symbols_before_their_function_cost_a_byte_and_read_back_whole()
    {
        // A 6.x kallsyms: every function preceded by its __pfx_ padding symbol; ~40k names cross chunks and blocks.
        var plain = new SymbolNameStore();
        var padded = new SymbolNameStore();
        const int n = 20_000;
        for (int i = 0; i < n; i++)
        {
            plain.Add(Encoding.UTF8.GetBytes(NameOf(i)));
            Assert.Equal(2 * i, padded.Add(Encoding.UTF8.GetBytes("__pfx_" + NameOf(i))));
            Assert.Equal(2 * i + 1, padded.Add(Encoding.UTF8.GetBytes(NameOf(i))));
        }

        padded.Complete();
        Assert.True(padded.RetainedBytes <= plain.RetainedBytes + (1 << 18), $"padded {padded.RetainedBytes} B against {plain.RetainedBytes} B for the functions alone");
        for (int i = 0; i < n; i++)
        {
            Assert.Equal("__pfx_" + NameOf(i), padded[2 * i]);
            Assert.Equal("__pfx_" + NameOf(i), Encoding.UTF8.GetString(padded.Bytes(2 * i)));
            Assert.Equal(NameOf(i), padded[2 * i + 1]);
        }

        Assert.Equal([2 * 777], padded.OrdinalsNamed("__pfx_" + NameOf(777)));
        Assert.Equal([2 * 777 + 1], padded.OrdinalsNamed(NameOf(777)));
    }

    [Theory]
    [InlineData("__pfx_a b")] // not this name's padding
    [InlineData("__pfx_a")] // the last name: it waits and is written when read
    [InlineData("__pfx_ x")] // the prefix alone is a name of its own
    [InlineData("__pfx___pfx_f __pfx_f f")] // a waiting name is never a marker's base
    [InlineData("__cfi_f f __pfx_f f __pfx_g")]
    [InlineData("__pfx_<ff> <ff>")] // invalid UTF-8 after the prefix (<ff>: the byte 0xff)
    public void Prefixed_names_that_are_not_padding_are_kept_as_they_are(string list)
    {
        string[] names = list.Split(' ');
        static byte[] Utf8(string name) => [.. Encoding.UTF8.GetBytes(name.Replace("<ff>", "")), .. name.EndsWith("<ff>") ? (byte[])[0xff] : []];
        var store = new SymbolNameStore();
        foreach (string name in names) store.Add(Utf8(name));

        for (int i = 0; i < names.Length; i++)
        {
            Assert.Equal(Utf8(names[i]), store.Bytes(i).ToArray());
            Assert.Equal(Encoding.UTF8.GetString(Utf8(names[i])), store[i]);
            Assert.Contains(i, store.OrdinalsNamed(Encoding.UTF8.GetString(Utf8(names[i]))));
        }
    }

    [Fact]
    public void A_name_added_after_a_read_still_pairs_correctly()
    {
        var store = new SymbolNameStore();
        store.Add("__pfx_f"u8);
        Assert.Equal("__pfx_f", store[0]); // the read writes the waiting name in full
        store.Add("f"u8);
        store.Add("__pfx_g"u8);
        store.Add("g"u8);
        Assert.Equal(["__pfx_f", "f", "__pfx_g", "g"], Enumerable.Range(0, 4).Select(i => store[i]));
    }

    [Fact]
    public void Names_sharing_long_beginnings_are_stored_once_and_read_back_in_any_order()
    {
        // Shared beginnings longer than one count byte holds, names equal to the one before, a name that is the
        // beginning of the one before, and an empty name.
        string stem = new('s', 400);
        string[] names = [stem + "a", stem + "ab", stem + "ab", stem, "", stem[..10], "x" + stem, stem + "b"];
        var store = new SymbolNameStore();
        for (int round = 0; round < 5; round++)
            foreach (string name in names) store.Add(Encoding.UTF8.GetBytes(name));

        Assert.True(store.RetainedBytes <= (1 << 18) + 64 * sizeof(int), "one chunk holds them all");
        var order = Enumerable.Range(0, store.Count).Reverse().ToArray(); // decoding does not depend on earlier reads
        foreach (int ordinal in order) Assert.Equal(names[ordinal % names.Length], Encoding.UTF8.GetString(store.Bytes(ordinal)));
        foreach (int ordinal in order) Assert.Equal(names[ordinal % names.Length], store[ordinal]);
        Assert.Equal(Enumerable.Range(0, 5).SelectMany(r => new[] { r * names.Length + 1, r * names.Length + 2 }), store.OrdinalsNamed(stem + "ab"));
    }
}
