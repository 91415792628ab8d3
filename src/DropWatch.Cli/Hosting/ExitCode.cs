namespace DropWatch.Cli.Hosting;

/// <summary>Process exit statuses. 0 and 1 keep upstream's meanings; the others are new and documented.</summary>
public static class ExitCode
{
    public const int Success = 0;
    /// <summary>Upstream's failure status: no NET_DM, unknown lookup method, bad option — and now a failed kernel request.</summary>
    public const int Failure = 1;
    /// <summary>An internal error (sysexits EX_SOFTWARE); monitoring was stopped first.</summary>
    public const int InternalError = 70;
    /// <summary>Standard output (or input) failed with an I/O error other than a closed pipe, or was closed from the start (sysexits EX_IOERR).</summary>
    public const int OutputError = 74;
    /// <summary>Missing privilege (sysexits EX_NOPERM).</summary>
    public const int NoPermission = 77;
    /// <summary>stdout was closed by its reader (128 + SIGPIPE, what a shell shows for a killed writer).</summary>
    public const int BrokenPipe = 141;
}
