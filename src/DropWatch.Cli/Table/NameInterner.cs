using System.Text;

namespace DropWatch.Cli.Table;

/// <summary>
/// Gives each distinct name (a drop reason, a trap, a kernel symbol text) a small number, so a table key
/// can hold names without holding spans or strings. A name seen before costs a hash and one compare;
/// only a new name allocates. Bounded: past <see cref="Capacity"/> names every new one is <see cref="Overflow"/>.
/// </summary>
public sealed class NameInterner
{
    public const int Overflow = -2;

    private readonly byte[][] _bytes;
    private readonly string[] _names;
    private readonly int[] _next;
    private readonly int[] _buckets;
    private int _count;

    public NameInterner(int capacity)
    {
        _bytes = new byte[capacity][];
        _names = new string[capacity];
        _next = new int[capacity];
        _buckets = new int[BucketCount(capacity)];
        Array.Fill(_buckets, -1);
    }

    public int Capacity => _names.Length;

    public int Count => _count;

    /// <summary>The number of <paramref name="name"/>, adding it when new; <see cref="Overflow"/> when full.</summary>
    public int Intern(ReadOnlySpan<byte> name)
    {
        int bucket = (int)((uint)Hash(name) % (uint)_buckets.Length);
        for (int i = _buckets[bucket]; i >= 0; i = _next[i])
        {
            if (name.SequenceEqual(_bytes[i]))
                return i;
        }
        if (_count == _names.Length)
            return Overflow;
        int id = _count++;
        _bytes[id] = name.ToArray();
        _names[id] = Encoding.UTF8.GetString(name);
        _next[id] = _buckets[bucket];
        _buckets[bucket] = id;
        return id;
    }

    public string Name(int id) => id == Overflow ? "(other)" : _names[id];

    // FNV-1a: names are short ASCII words, and this costs nothing to set up.
    private static int Hash(ReadOnlySpan<byte> name)
    {
        uint h = 2166136261;
        foreach (byte b in name)
            h = (h ^ b) * 16777619;
        return (int)h;
    }

    private static int BucketCount(int capacity)
    {
        int n = 16;
        while (n < capacity * 2)
            n *= 2;
        return n;
    }
}
