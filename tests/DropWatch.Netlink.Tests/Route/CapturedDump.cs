using System.Buffers.Binary;

namespace DropWatch.Netlink.Tests.Route;

/// <summary>A captured dump on disk: each datagram as a little-endian u32 length, then its bytes.</summary>
internal static class CapturedDump
{
    public static byte[][] Read(string path)
    {
        byte[] all = File.ReadAllBytes(path);
        var datagrams = new List<byte[]>();
        for (int at = 0; at + 4 <= all.Length;)
        {
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(all.AsSpan(at));
            datagrams.Add(all.AsSpan(at + 4, length).ToArray());
            at += 4 + length;
        }
        return [.. datagrams];
    }

    public static void Write(string path, IEnumerable<byte[]> datagrams)
    {
        using var file = File.Create(path);
        Span<byte> length = stackalloc byte[4];
        foreach (byte[] d in datagrams)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)d.Length);
            file.Write(length);
            file.Write(d);
        }
    }
}
