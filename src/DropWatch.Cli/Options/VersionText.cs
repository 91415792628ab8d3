using System.Runtime;
using System.Runtime.InteropServices;

namespace DropWatch.Cli.Options;

/// <summary>
/// What <c>--version</c> prints: the version (Directory.Build.props, the same one the packages
/// carry), the commit it was built from and the runtime, so a bug report says exactly what ran.
/// </summary>
public static class VersionText
{
    public static string Version => BuildInfo.Version;

    public static string Commit => BuildInfo.Commit;

    /// <summary>
    /// NativeAOT compiles nothing at run time, while under a JIT (a test host, <c>dotnet run</c>)
    /// hundreds of methods are compiled before this runs. RuntimeFeature.IsDynamicCodeSupported
    /// cannot tell: PublishAot turns it off in JIT builds too.
    /// </summary>
    public static string CodeGeneration => JitInfo.GetCompiledMethodCount() == 0 ? "NativeAOT" : "JIT";

    /// <summary>e.g. <c>dropwatch 2.0.0 (commit 1a2b3c4, .NET 10.0.0, NativeAOT)</c></summary>
    public static string Line =>
        $"dropwatch {Version} (commit {Commit}, {RuntimeInformation.FrameworkDescription}, {CodeGeneration})\n";
}
