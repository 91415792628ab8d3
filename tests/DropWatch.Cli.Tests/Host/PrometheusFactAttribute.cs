namespace DropWatch.Cli.Tests.Host;

/// <summary>A fact that needs the real Prometheus server; skipped (with the reason) only when the package is absent. CI installs it (scripts/test-all.sh).</summary>
public sealed class PrometheusFactAttribute : FactAttribute
{
    public PrometheusFactAttribute()
    {
        if (PrometheusServer.Missing is { } why)
            Skip = why;
    }
}
