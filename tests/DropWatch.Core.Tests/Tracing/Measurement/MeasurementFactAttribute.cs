namespace DropWatch.Core.Tests.Tracing.Measurement;

/// <summary>
/// A fact that runs only when <c>DROPWATCH_MEASURE=1</c>: measurements take seconds, saturate the CPUs and
/// their numbers depend on the machine, so they are not part of the normal run. Otherwise reported as skipped.
/// </summary>
public sealed class MeasurementFactAttribute : FactAttribute
{
    public MeasurementFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("DROPWATCH_MEASURE") != "1")
            Skip = "measurement; run with DROPWATCH_MEASURE=1 (as root)";
    }
}
