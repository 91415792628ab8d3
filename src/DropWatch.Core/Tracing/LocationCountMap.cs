using System.Numerics;

namespace DropWatch.Core.Tracing;

/// <summary>
/// Counts per kernel address with open addressing (linear probing) over power-of-two arrays. A slot is in use
/// when its count is non-zero, so address 0 (the kernel's "NULL pc") is an ordinary key. Memory grows only
/// when a window sees more distinct addresses than ever before; clearing keeps the arrays, so steady state
/// allocates nothing. Iteration is in first-seen order, as in a NET_DM summary message.
/// </summary>
internal sealed class LocationCountMap
{
    private ulong[] _keys;
    private uint[] _counts;
    private int[] _order; // slot indices in insertion order
    private int _count;

    public LocationCountMap(int initialCapacity = 64)
    {
        int slots = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, initialCapacity * 2));
        _keys = new ulong[slots];
        _counts = new uint[slots];
        _order = new int[slots / 2];
    }

    /// <summary>Distinct addresses currently counted.</summary>
    public int Count => _count;

    public void Increment(ulong key)
    {
        int mask = _keys.Length - 1;
        int slot = Hash(key) & mask;
        while (_counts[slot] != 0)
        {
            if (_keys[slot] == key)
            {
                if (_counts[slot] != uint.MaxValue) // saturate rather than wrap to "empty"
                    _counts[slot]++;
                return;
            }
            slot = (slot + 1) & mask;
        }

        if (_count == _order.Length)
        {
            Grow();
            Increment(key);
            return;
        }
        _keys[slot] = key;
        _counts[slot] = 1;
        _order[_count++] = slot;
    }

    public uint Get(ulong key)
    {
        int mask = _keys.Length - 1;
        for (int slot = Hash(key) & mask; _counts[slot] != 0; slot = (slot + 1) & mask)
        {
            if (_keys[slot] == key)
                return _counts[slot];
        }
        return 0;
    }

    /// <summary>Key and count of the <paramref name="index"/>-th distinct address, in first-seen order.</summary>
    public (ulong Key, uint Count) At(int index)
    {
        int slot = _order[index];
        return (_keys[slot], _counts[slot]);
    }

    public void Clear()
    {
        for (int i = 0; i < _count; i++)
            _counts[_order[i]] = 0;
        _count = 0;
    }

    // Load factor stays at or below one half, so probe chains stay short.
    private void Grow()
    {
        var oldKeys = _keys;
        var oldCounts = _counts;
        var oldOrder = _order;
        int oldCount = _count;
        _keys = new ulong[oldKeys.Length * 2];
        _counts = new uint[oldCounts.Length * 2];
        _order = new int[oldOrder.Length * 2];
        _count = 0;
        int mask = _keys.Length - 1;
        for (int i = 0; i < oldCount; i++)
        {
            int from = oldOrder[i];
            int slot = Hash(oldKeys[from]) & mask;
            while (_counts[slot] != 0)
                slot = (slot + 1) & mask;
            _keys[slot] = oldKeys[from];
            _counts[slot] = oldCounts[from];
            _order[_count++] = slot;
        }
    }

    // Kernel text addresses share their high bits and are often close together; mix before masking.
    private static int Hash(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> 32);
}
