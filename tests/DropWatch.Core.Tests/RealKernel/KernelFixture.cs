using DropWatch.Netlink.Wire;
using DropWatch.Testing;

namespace DropWatch.Core.Tests.RealKernel;

/// <summary>Reads a datagram captured from a real kernel (tests/fixtures/kernel, provenance in its README).</summary>
internal static class KernelFixture
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "KernelFixtures", name);

    public static byte[] Bytes(string name) => Hex.Parse(File.ReadAllText(PathOf(name + ".hex")));

    /// <summary>The fixture's single message, handed to <paramref name="use"/> (ref structs can't be returned from here).</summary>
    public static T WithMessage<T>(string name, Func<NetlinkMessage, T> use) => Use(Bytes(name), use);

    private static T Use<T>(byte[] bytes, Func<NetlinkMessage, T> use)
    {
        var reader = new MessageReader(bytes);
        Assert.True(reader.TryRead(out NetlinkMessage m));
        T result = use(m);
        Assert.False(reader.TryRead(out _));
        return result;
    }
}
