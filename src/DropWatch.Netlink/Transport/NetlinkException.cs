using System.Runtime.InteropServices;

namespace DropWatch.Netlink.Transport;

/// <summary>
/// A failed netlink operation: the local call that failed (socket, send, join …) or the kernel's
/// refusal of a request. Carries what a person needs to act: the operation, the errno and, for
/// kernel refusals, the extended-ack text the kernel gave.
/// </summary>
public sealed class NetlinkException : Exception
{
    public NetlinkException(string operation, int errno, string? kernelMessage = null, bool fromKernel = false)
        : base(Describe(operation, errno, kernelMessage))
    {
        Operation = operation;
        Errno = errno;
        KernelMessage = string.IsNullOrEmpty(kernelMessage) ? null : kernelMessage;
        FromKernel = fromKernel;
    }

    public string Operation { get; }

    /// <summary>Positive errno value (EPERM = 1, …).</summary>
    public int Errno { get; }

    /// <summary>The kernel's extended-ack explanation, when it gave one.</summary>
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
