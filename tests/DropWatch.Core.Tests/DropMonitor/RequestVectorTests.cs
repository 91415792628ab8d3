using DropWatch.Core.DropMonitor;
using DropWatch.Testing;

namespace DropWatch.Core.Tests.DropMonitor;

/// <summary>Golden bytes for every NET_DM request the tool sends (family id 0x1c, seq 5).</summary>
public class RequestVectorTests
{
    private const ushort Family = 0x1c;

    private static string Build(Func<byte[], int> build)
    {
        byte[] buffer = new byte[NetDmRequests.MaxLength];
        int n = build(buffer);
        return Hex.Format(buffer.AsSpan(0, n));
    }

    [Theory]
    [InlineData(Origins.None, "14000000 1c00 0500 05000000 00000000 03010000")]
    [InlineData(Origins.Software, "18000000 1c00 0500 05000000 00000000 03010000 04001400")]
    [InlineData(Origins.Hardware, "18000000 1c00 0500 05000000 00000000 03010000 04001500")]
    [InlineData(Origins.Software | Origins.Hardware, "1c000000 1c00 0500 05000000 00000000 03010000 04001400 04001500")]
    public void Start(Origins origins, string expected) =>
        Assert.Equal(Hex.Format(Hex.Parse(expected)), Build(b => NetDmRequests.Start(b, Family, 5, origins)));

    [Theory]
    [InlineData(Origins.None, "14000000 1c00 0500 05000000 00000000 04010000")]
    [InlineData(Origins.Software | Origins.Hardware, "1c000000 1c00 0500 05000000 00000000 04010000 04001400 04001500")]
    public void Stop(Origins origins, string expected) =>
        Assert.Equal(Hex.Format(Hex.Parse(expected)), Build(b => NetDmRequests.Stop(b, Family, 5, origins)));

    [Fact]
    public void ConfigPacketMode() => Assert.Equal(Hex.Format(Hex.Parse("""
        1c000000 1c00 0500 05000000 00000000   # len 28, REQUEST|ACK
        02010000                               # CONFIG, version 1
        05000100 01000000                      # ALERT_MODE u8 1 + 3 bytes padding
        """)), Build(b => NetDmRequests.Config(b, Family, 5, mode: AlertMode.Packet)));

    [Fact]
    public void ConfigTruncationAndQueue() => Assert.Equal(Hex.Format(Hex.Parse("""
        24000000 1c00 0500 05000000 00000000
        02010000
        08000900 40000000                      # TRUNC_LEN 64
        08000b00 e8030000                      # QUEUE_LEN 1000
        """)), Build(b => NetDmRequests.Config(b, Family, 5, truncation: 64, queueLength: 1000)));

    [Fact]
    public void ConfigGetAndStatsGetAskForAnAck()
    {
        Assert.Equal("140000001c0005000500000000000000" + "06010000", Build(b => NetDmRequests.ConfigGet(b, Family, 5)));
        Assert.Equal("140000001c0005000500000000000000" + "08010000", Build(b => NetDmRequests.StatsGet(b, Family, 5)));
    }
}
