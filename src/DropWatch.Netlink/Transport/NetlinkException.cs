using System.Runtime.InteropServices;
using DropWatch.Netlink.Wire;

namespace DropWatch.Netlink.Transport;

/// <summary>
/// A failed netlink operation: the local call that failed (socket, send, join …) or the kernel's
/// refusal of a request. Carries what a person needs to act: the operation, the errno and, for
/// kernel refusals, the extended-ack text the kernel gave.
/// </summary>
public sealed class NetlinkException : Exception
{
    public NetlinkException(string operation, int errno, string? kernelMessage = null, bool fromKernel = false)
        : this(operation, errno, kernelMessage, fromKernel, null)
    {
    }

    private NetlinkException(string operation, int errno, string? kernelMessage, bool fromKernel, Exception? inner)
        : base(Describe(operation, errno, kernelMessage), inner)
    {
        Operation = operation;
        Errno = errno;
        KernelMessage = string.IsNullOrEmpty(kernelMessage) ? null : kernelMessage;
        FromKernel = fromKernel;
    }

    /// <summary>
    /// The kernel answered <paramref name="operation"/> with bytes that could not be decoded: EBADMSG, with what
    /// was wrong in <see cref="KernelMessage"/> (so every caller that reports kernel errors reports this one too).
    /// </summary>
    public static NetlinkException MalformedReply(string operation, NetlinkFormatException problem) =>
        new(operation, DropWatch.Native.Errno.EBADMSG, "malformed reply: " + problem.Message, fromKernel: false, problem);

    /// <inheritdoc cref="MalformedReply(string, NetlinkFormatException)"/>
    public static NetlinkException MalformedReply(string operation, string problem) =>
        new(operation, DropWatch.Native.Errno.EBADMSG, "malformed reply: " + problem, fromKernel: false, null);

    public string Operation { get; }

    /// <summary>Positive errno value (EPERM = 1, …).</summary>
    public int Errno { get; }

    /// <summary>
    /// The kernel's extended-ack explanation, when it gave one; for <see cref="MalformedReply(string, NetlinkFormatException)"/>,
    /// what was wrong with the kernel's reply.
    /// </summary>
    public string? KernelMessage { get; }

    /// <summary>True when the kernel answered the request with an error (rather than a local call failing).</summary>
    public bool FromKernel { get; }

    /// <summary>The C library's text for the errno, e.g. "Operation not permitted".</summary>
    public string ErrnoText => ErrorText(Errno);

    public static string ErrorText(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    private static string Describe(string operation, int errno, string? kernelMessage) =>
        string.IsNullOrEmpty(kernelMessage)
            ? $"{operation}: {ErrorText(errno)}"
            : $"{operation}: {ErrorText(errno)} ({kernelMessage})";
}
