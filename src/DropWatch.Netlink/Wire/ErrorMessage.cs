namespace DropWatch.Netlink.Wire;

/// <summary>
/// An NLMSG_ERROR message: an ack when <see cref="Error"/> is 0, otherwise a negative errno.
/// <code>
///  0           4                      20              20 + echoed payload (aligned)
///  | s32 error | request's nlmsghdr   | [request body] | [extended-ack attributes]
/// </code>
/// The request body is echoed only on failure without NLM_F_CAPPED; the extended-ack
/// attributes follow only when NLM_F_ACK_TLVS is set.
/// </summary>
public readonly ref struct ErrorMessage
{
    private ErrorMessage(int error, uint requestSequence, ReadOnlySpan<byte> extAckMessage)
    {
        Error = error;
        RequestSequence = requestSequence;
        ExtAckMessage = extAckMessage;
    }

    /// <summary>0 for an ack, else a negative errno.</summary>
    public int Error { get; }

    /// <summary>The sequence number of the request this answers.</summary>
    public uint RequestSequence { get; }

    /// <summary>The kernel's explanation (NLMSGERR_ATTR_MSG) without its NUL, or empty.</summary>
    public ReadOnlySpan<byte> ExtAckMessage { get; }

    public static ErrorMessage Parse(in NetlinkMessage message)
    {
        ReadOnlySpan<byte> p = message.Payload;
        if (p.Length < 4 + Netlink.HeaderLength)
            ThrowHelper.Malformed($"error message has {p.Length} bytes, needs {4 + Netlink.HeaderLength}");

        int error = (int)HostOrder.U32(p);
        ReadOnlySpan<byte> echoed = p.Slice(4, Netlink.HeaderLength);
        uint sequence = HostOrder.U32(echoed[8..]);

        ReadOnlySpan<byte> text = default;
        if ((message.Flags & Netlink.FlagAckTlvs) != 0)
        {
            long tlvStart = 4 + Netlink.HeaderLength;
            bool bodyEchoed = error != 0 && (message.Flags & Netlink.FlagCapped) == 0;
            if (bodyEchoed)
            {
                // The echoed request is the whole request: its own header says how long, and it must be
                // at least that header and fit inside this message, or the TLVs' start is unknowable.
                uint echoedLength = HostOrder.U32(echoed);
                if (echoedLength < Netlink.HeaderLength)
                    ThrowHelper.Malformed($"error message echoes a request of {echoedLength} bytes, shorter than a netlink header");
                if (echoedLength > (uint)(p.Length - 4))
                    ThrowHelper.Malformed($"error message echoed request claims {echoedLength} bytes, the message has {p.Length - 4}");
                tlvStart = Netlink.AlignedEnd(4, echoedLength);
            }
            if (tlvStart < p.Length)
            {
                var attributes = new AttributeReader(p[(int)tlvStart..]);
                while (attributes.TryRead(out NetlinkAttribute a))
                {
                    if (a.Type == Netlink.ExtAckMessage)
                        text = a.GetStringBytes();
                }
            }
        }
        return new ErrorMessage(error, sequence, text);
    }
}
