using System.Runtime.InteropServices;
using DropWatch.Core.Tracing.Native;
using DropWatch.Native;

namespace DropWatch.Core.Tracing;

/// <summary>
/// Finds tracefs and reads the two files this tool needs from it: the event's <c>id</c> and <c>format</c>.
/// Nothing in tracefs is ever written; the event is consumed through perf, not the ftrace buffers.
/// </summary>
internal static class Tracefs
{
    public const string DefaultMountPoint = "/sys/kernel/tracing";
    public const string EventDirectory = "events/skb/kfree_skb";

    public static string Locate(TracepointOptions options)
    {
        if (options.TracefsPath is { } explicitPath)
        {
            return Directory.Exists(Path.Combine(explicitPath, "events"))
                ? explicitPath
                : throw new TracepointException($"'{explicitPath}' is not a tracefs mount (no events/ directory)");
        }

        if (FindMounted() is { } mounted)
            return mounted;
        if (!options.MountTracefsIfMissing)
            throw new TracepointException(
                $"tracefs is not mounted; mount it with 'mount -t tracefs nodev {DefaultMountPoint}'");
        Mount();
        return DefaultMountPoint;
    }

    public static (int Id, TracepointFormat Format) ReadEvent(string tracefsRoot)
    {
        var directory = Path.Combine(tracefsRoot, EventDirectory);
        try
        {
            var idText = File.ReadAllText(Path.Combine(directory, "id")).Trim();
            if (!int.TryParse(idText, out int id) || id <= 0)
                throw new TracepointException($"{directory}/id does not hold a tracepoint id: '{idText}'");
            var format = TracepointFormat.Parse(File.ReadAllText(Path.Combine(directory, "format")));
            return (id, format);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException)
        {
            throw new TracepointException(
                $"this kernel has no skb:kfree_skb tracepoint ({directory} does not exist)", Errno.ENOENT, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new TracepointException(
                $"cannot read {directory}: reading tracefs needs root (or a tracefs mounted with a permissive gid/mode)",
                Errno.EACCES, e);
        }
    }

    // A tracefs mount anywhere, else the tracing directory under debugfs (which automounts tracefs).
    // A mount whose events/ we cannot see (tracefs is mode 0700 for non-root) still counts as found, so
    // that the caller gets "permission denied" rather than a pointless attempt to mount it again.
    private static string? FindMounted()
    {
        string? debugfs = null;
        string? unreadable = null;
        foreach (var line in File.ReadLines("/proc/self/mounts"))
        {
            var parts = line.Split(' ');
            if (parts.Length < 3)
                continue;
            var mountPoint = Unescape(parts[1]);
            if (parts[2] == "tracefs")
            {
                if (Directory.Exists(Path.Combine(mountPoint, "events")))
                    return mountPoint;
                unreadable ??= mountPoint;
            }
            if (parts[2] == "debugfs")
                debugfs ??= mountPoint;
        }

        var underDebugfs = debugfs is null ? null : Path.Combine(debugfs, "tracing");
        if (underDebugfs is not null && Directory.Exists(Path.Combine(underDebugfs, "events")))
            return underDebugfs;
        return unreadable;
    }

    private static void Mount()
    {
        if (LibC.Mount("nodev", DefaultMountPoint, "tracefs", 0, 0) == 0)
            return;
        int errno = LibC.LastErrno;
        var why = errno is Errno.EPERM or Errno.EACCES
            ? "needs root (CAP_SYS_ADMIN)"
            : Errno.Text(errno);
        throw new TracepointException($"tracefs is not mounted and mounting it at {DefaultMountPoint} failed: {why}", errno);
    }

    // /proc/self/mounts escapes space, tab, newline and backslash as \ooo octal.
    private static string Unescape(string field)
    {
        if (!field.Contains('\\'))
            return field;
        var result = new System.Text.StringBuilder(field.Length);
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && IsOctal(field, i + 1))
            {
                result.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                result.Append(field[i]);
            }
        }
        return result.ToString();
    }

    private static bool IsOctal(string s, int at) =>
        at + 3 <= s.Length && s[at] is >= '0' and <= '7' && s[at + 1] is >= '0' and <= '7' && s[at + 2] is >= '0' and <= '7';
}
