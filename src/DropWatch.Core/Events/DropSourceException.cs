namespace DropWatch.Core.Events;

/// <summary>A drop source refused an operation for a reason that is not a netlink errno (e.g. "does not apply here").</summary>
public sealed class DropSourceException(string message) : Exception(message);
