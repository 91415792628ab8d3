using DropWatch.Native;

namespace DropWatch.Cli.Hosting;

/// <summary>
/// Opts this process out of transparent huge pages. Debian's kernels default THP to "always", so the first
/// touch of an aligned 2 MiB stretch of the runtime's heap reservation takes a whole huge page: measured in the
/// e2e VM (Debian 6.1), a packet storm session peaked at 12.0–12.6 MB against 9.6 MB on a host whose THP is
/// "madvise". A tool whose heap is a few megabytes gains nothing from huge pages, and the people watching a
/// fleet read its RSS. Called first thing in Main, before the symbol table and buffers are allocated; a
/// kernel that refuses (pre-3.15, seccomp) changes nothing else.
/// </summary>
internal static class HugePages
{
    public static void DisableForThisProcess() => _ = LibC.Prctl(LibC.PR_SET_THP_DISABLE, 1, 0, 0, 0);
}
