using DropWatch.Netlink.Transport;
using DropWatch.Netlink.Wire;

namespace DropWatch.Netlink.Generic;

/// <summary>Looks a generic-netlink family up by name with CTRL_CMD_GETFAMILY.</summary>
public static class FamilyResolver
{
    /// <summary>
    /// Returns the family, or throws <see cref="NetlinkException"/>; a family the kernel does not
    /// know (module absent, wrong network namespace) is errno ENOENT, a reply that does not describe
    /// it is EBADMSG.
    /// </summary>
    public static FamilyInfo Resolve(RequestChannel channel, string name)
    {
        uint sequence = channel.NextSequence();
        Span<byte> request = stackalloc byte[64];
        int length = BuildRequest(request, sequence, name);

        FamilyInfo? found = null;
        string operation = $"resolve generic netlink family {name}";
        channel.Execute(operation, request[..length], sequence,
            (in NetlinkMessage reply) => found = FamilyReplyDecoder.Decode(reply));
        return found ?? throw NetlinkException.MalformedReply(operation, "acknowledged without describing the family");
    }

    public static int BuildRequest(Span<byte> buffer, uint sequence, string name)
    {
        var w = new MessageWriter(buffer, Controller.FamilyId, Wire.Netlink.FlagRequest | Wire.Netlink.FlagAck,
            sequence, Controller.CommandGetFamily, Controller.Version);
        w.PutString(Controller.AttrFamilyName, name);
        return w.Finish();
    }
}
