using CsCheck;
using DropWatch.Netlink.Wire;

namespace DropWatch.Netlink.Tests.Wire;

/// <summary>Arbitrary bytes must either decode or fail with the one malformed-input exception.</summary>
public class FuzzTests
{
    private static void WalkEverything(byte[] datagram)
    {
        var messages = new MessageReader(datagram);
        while (messages.TryRead(out NetlinkMessage m))
        {
            if (m.IsError) { _ = ErrorMessage.Parse(m); continue; }
            if (m.Payload.Length < 4) continue;
            Walk(new AttributeReader(m.Payload[4..]), 0);
        }
    }

    private static void Walk(AttributeReader r, int depth)
    {
        while (r.TryRead(out NetlinkAttribute a))
        {
            if (depth < 4 && a.Payload.Length >= 4) Walk(a.GetNested(), depth + 1);
            _ = a.GetStringBytes();
        }
    }

    [Fact]
    public void RandomBytesNeverThrowAnythingElse()
    {
        Gen.Byte.Array[0, 256].Sample(bytes =>
        {
            try { WalkEverything(bytes); }
            catch (NetlinkFormatException) { }
        }, iter: 20_000);
    }

    [Fact]
    public void MutatedValidMessagesNeverThrowAnythingElse()
    {
        byte[] valid = Testing.KernelMessages.NetDmFamily(0x1c, 1, 2);
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte).Array[1, 6].Sample(mutations =>
        {
            byte[] copy = (byte[])valid.Clone();
            foreach (var (at, value) in mutations) copy[at] = value;
            try { WalkEverything(copy); }
            catch (NetlinkFormatException) { }
        }, iter: 20_000);
    }
}
