namespace DropWatch.Cli.Exporter;

/// <summary>
/// Renders the whole <c>/metrics</c> page from the counters and the exporter's state. Called on
/// a scrape thread; reads only published values (see <see cref="BoundedCounterTable"/>).
/// </summary>
public sealed class MetricsPage(DropMetrics metrics, ExporterState state, string version)
{
    public void Render(ExpositionWriter w)
    {
        w.Reset();
        w.Family("dropwatch_drops_total", "counter",
            "Packets the kernel dropped, by origin, function (location, without offset) and drop reason. " +
            "At most the configured number of series; later locations are counted as location=\"other\".");
        BoundedCounterTable drops = metrics.Drops;
        for (int i = 0, n = drops.Count; i < n; i++)
        {
            SeriesLabels l = drops.LabelsAt(i);
            w.Sample("dropwatch_drops_total", "origin", l.First, "location", l.Second, "reason", l.Third, drops.CountAt(i));
        }

        w.Family("dropwatch_drops_unlabelled_total", "counter",
            "Drops counted without labels because the series bound left no room even for their location=\"other\" series.");
        w.Sample("dropwatch_drops_unlabelled_total", drops.Overflow + metrics.HardwareDrops.Overflow);

        w.Family("dropwatch_hardware_drops_total", "counter", "Packets dropped by hardware (devlink traps), by trap group and trap.");
        BoundedCounterTable hardware = metrics.HardwareDrops;
        for (int i = 0, n = hardware.Count; i < n; i++)
        {
            SeriesLabels l = hardware.LabelsAt(i);
            w.Sample("dropwatch_hardware_drops_total", "trap_group", l.First, "trap", l.Second, null, "", hardware.CountAt(i));
        }

        w.Family("dropwatch_events_lost_total", "counter",
            "Drop events that never reached the counters, by cause (summary_cap counts summaries that hit the kernel's 64-location cap, not drops).");
        for (int c = 0; c < ExporterState.LossCauses.Length; c++)
            w.Sample("dropwatch_events_lost_total", "cause", ExporterState.LossCauses[c], null, "", null, "", state.Lost(c));

        w.Family("dropwatch_monitoring", "gauge", "1 while this exporter has the kernel monitoring drops for it, else 0.");
        w.Sample("dropwatch_monitoring", state.Monitoring ? 1 : 0);

        w.Family("dropwatch_monitor_owned_elsewhere", "gauge",
            "1 while another client holds the kernel's drop monitor: its alerts are counted passively until this exporter can take the monitor over.");
        w.Sample("dropwatch_monitor_owned_elsewhere", state.OwnedElsewhere ? 1 : 0);

        w.Family("dropwatch_monitor_restarts_total", "counter", "Times monitoring was started again after another client turned it off.");
        w.Sample("dropwatch_monitor_restarts_total", state.Restarts);

        w.Family("dropwatch_source_info", "gauge", "The drop source in use.");
        w.Sample("dropwatch_source_info", "source", state.Source, null, "", null, "", 1);

        w.Family("dropwatch_build_info", "gauge", "The dropwatch build.");
        w.Sample("dropwatch_build_info", "version", version, null, "", null, "", 1);
    }
}
