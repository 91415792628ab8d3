using DropWatch.Core.Symbols;

namespace DropWatch.Core.Tests.Symbols;

public class SymbolAddressesTests
{
    private static SymbolAddresses Sorted(params ulong[] addresses)
    {
        var list = new SymbolAddresses(2); // small: growth is exercised too
        foreach (ulong address in addresses) list.Add(address);
        var ordinals = new int[list.Count];
        list.Sort(0, ordinals);
        return list;
    }

    [Fact]
    public void Kernel_text_modules_and_bpf_stay_32_bit_offsets()
    {
        SymbolAddresses list = Sorted(0xffffffffc0a01000, 0xffffffff81000000, 0xffffffffa0000000, 0xffffffff81001000);
        Assert.True(list.IsNarrow);
        Assert.Equal([0xffffffff81000000UL, 0xffffffff81001000, 0xffffffffa0000000, 0xffffffffc0a01000], Enumerable.Range(0, 4).Select(i => list[i]));
        Assert.Equal(-1, list.IndexAtOrBelow(0xffffffff80ffffff));
        Assert.Equal(-1, list.IndexAtOrBelow(0x1000)); // below the base's upper half
        Assert.Equal(0, list.IndexAtOrBelow(0xffffffff81000fff));
        Assert.Equal(1, list.IndexAtOrBelow(0xffffffff81001000));
        Assert.Equal(3, list.IndexAtOrBelow(ulong.MaxValue));
    }

    [Fact]
    public void An_address_in_another_upper_half_widens_and_keeps_every_value()
    {
        var list = new SymbolAddresses(1);
        for (ulong i = 0; i < 3000; i++) list.Add(0xffffffff81000000 + i * 16);
        list.Add(0x1000); // a per-CPU or user-space-looking address of an odd file
        list.Add(0xffff888000000000);
        Assert.False(list.IsNarrow);
        list.Sort(0, new int[list.Count]);
        Assert.Equal(0x1000UL, list[0]);
        Assert.Equal(0xffff888000000000UL, list[1]);
        Assert.Equal(0xffffffff81000000UL + 2999 * 16, list[list.Count - 1]);
        Assert.Equal(0, list.IndexAtOrBelow(0xffff000000000000));
        Assert.Equal(2, list.IndexAtOrBelow(0xffffffff8100000f));
    }

    [Fact]
    public void A_slide_moves_the_base_without_copying_and_lookups_follow()
    {
        SymbolAddresses list = Sorted(0xffffffff81000000, 0xffffffff81000100);
        SymbolAddresses moved = list.Shifted(0x1e00000);
        Assert.True(moved.IsNarrow);
        Assert.Equal(0xffffffff82e00100UL, moved[1]);
        Assert.Equal(-1, moved.IndexAtOrBelow(0xffffffff82dfffff));
        Assert.Equal(0, moved.IndexAtOrBelow(0xffffffff82e000ff));
        Assert.Equal(1, moved.IndexAtOrBelow(0xffffffff82e00100));
        Assert.Equal(0xffffffff81000100UL, list[1]); // the original is unchanged
    }

    [Fact]
    public void Sorting_carries_the_ordinals_in_both_widths()
    {
        foreach (ulong other in new ulong[] { 0xffffffff81000000, 0x42 })
        {
            var list = new SymbolAddresses(4);
            list.Add(0xffffffff81000300);
            list.Add(0xffffffff81000100);
            list.Add(other);
            int[] ordinals = [0, 1, 2];
            list.Sort(0, ordinals);
            Assert.Equal([2, 1, 0], ordinals);
            Assert.True(list[0] < list[1] && list[1] < list[2]);
        }
    }
}
