using System.Runtime.InteropServices;
using DropWatch.Core.Tracing.Native;
using DropWatch.Native;

namespace DropWatch.Core.Tracing;

/// <summary>
/// Finds tracefs and reads the two files this tool needs from it: the event's <c>id</c> and <c>format</c>.
/// Nothing in tracefs is ever written; the event is consumed through perf, not the ftrace buffers, and the
/// perf descriptors do not need tracefs at all — so a tracefs we had to mount is unmounted as soon as those
/// two files are read (see <see cref="Lease"/>).
/// </summary>
internal static class Tracefs
{
    public const string DefaultMountPoint = "/sys/kernel/tracing";
    public const string EventDirectory = "events/skb/kfree_skb";

    /// <summary>
    /// A tracefs root to read from, and the mount to undo afterwards if finding it created one: our own
    /// mount at <see cref="DefaultMountPoint"/>, or the automount that looking into debugfs/tracing sets off.
    /// </summary>
    public sealed class Lease(string root, string? mountedByUs) : IDisposable
    {
        private string? _mountedByUs = mountedByUs;

        public string Root { get; } = root;

        public bool MountedByUs => _mountedByUs is not null;

        /// <summary>
        /// Unmounts what we mounted. A plain umount, not a lazy one: if something started using the mount in
        /// the moment since (EBUSY), it is theirs now and stays.
        /// </summary>
        public void Dispose()
        {
            if (_mountedByUs is { } target)
            {
                _mountedByUs = null;
                _ = LibC.Umount2(target, 0);
            }
        }
    }

    public static Lease Locate(TracepointOptions options)
    {
        if (options.TracefsPath is { } explicitPath)
        {
            return Directory.Exists(Path.Combine(explicitPath, "events"))
                ? new Lease(explicitPath, null)
                : throw new TracepointException($"'{explicitPath}' is not a tracefs mount (no events/ directory)");
        }

        if (FindMounted() is { } mounted)
            return mounted;
        if (!options.MountTracefsIfMissing)
            throw new TracepointException(
                $"tracefs is not mounted; mount it with 'mount -t tracefs nodev {DefaultMountPoint}'");
        Mount();
        return new Lease(DefaultMountPoint, DefaultMountPoint);
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
    private static Lease? FindMounted()
    {
        string? debugfs = null;
        string? unreadable = null;
        foreach (var (mountPoint, type) in Mounts())
        {
            if (type == "tracefs")
            {
                if (Directory.Exists(Path.Combine(mountPoint, "events")))
                    return new Lease(mountPoint, null);
                unreadable ??= mountPoint;
            }
            if (type == "debugfs")
                debugfs ??= mountPoint;
        }

        // No tracefs was mounted, so one found under debugfs now is the automount our look set off.
        var underDebugfs = debugfs is null ? null : Path.Combine(debugfs, "tracing");
        if (underDebugfs is not null && Directory.Exists(Path.Combine(underDebugfs, "events")))
            return new Lease(underDebugfs, Mounts().Contains((underDebugfs, "tracefs")) ? underDebugfs : null);
        return unreadable is null ? null : new Lease(unreadable, null);
    }

    private static List<(string MountPoint, string Type)> Mounts()
    {
        var mounts = new List<(string, string)>();
        foreach (var line in File.ReadLines("/proc/self/mounts"))
        {
            var parts = line.Split(' ');
            if (parts.Length >= 3)
                mounts.Add((Unescape(parts[1]), parts[2]));
        }
        return mounts;
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
