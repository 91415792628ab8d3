namespace DropWatch.Cli.Tests.Capture;

/// <summary>
/// An independent pcapng reader for the tests: walks blocks by their lengths, checks that every
/// block's leading and trailing length agree and are multiples of 4, and splits options.
/// </summary>
internal static class PcapngBlocks
{
    public sealed record Block(uint Type, byte[] Body, List<(ushort Code, byte[] Value)> Options);

    /// <param name="fixedBody">Body length before the options, per block type.</param>
    public static List<Block> Read(byte[] file)
    {
        var blocks = new List<Block>();
        int at = 0;
        while (at < file.Length)
        {
            uint type = BitConverter.ToUInt32(file, at);
            int total = (int)BitConverter.ToUInt32(file, at + 4);
            Assert.True(total % 4 == 0, $"block at {at}: length {total} not a multiple of 4");
            Assert.True(at + total <= file.Length, $"block at {at} runs past the end");
            Assert.Equal((uint)total, BitConverter.ToUInt32(file, at + total - 4));
            byte[] body = file[(at + 8)..(at + total - 4)];
            int fixedLength = type switch
            {
                0x0A0D0D0A => 16,
                1 => 8,
                6 => 20 + Pad((int)BitConverter.ToUInt32(body, 12)),
                _ => body.Length,
            };
            blocks.Add(new Block(type, body, Options(body, fixedLength)));
            at += total;
        }
        return blocks;
    }

    private static int Pad(int n) => (n + 3) & ~3;

    private static List<(ushort, byte[])> Options(byte[] body, int at)
    {
        var options = new List<(ushort, byte[])>();
        while (at < body.Length)
        {
            ushort code = BitConverter.ToUInt16(body, at);
            ushort length = BitConverter.ToUInt16(body, at + 2);
            if (code == 0)
            {
                Assert.Equal(0, length);
                Assert.Equal(body.Length, at + 4); // opt_endofopt is the last thing in the block
                break;
            }
            options.Add((code, body[(at + 4)..(at + 4 + length)]));
            for (int i = at + 4 + length; i < at + 4 + Pad(length); i++)
                Assert.Equal(0, body[i]); // padding is zeros
            at += 4 + Pad(length);
        }
        return options;
    }
}
