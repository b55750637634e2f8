using Prometheus;

namespace KubeApiExporter.Host;

/// <summary>
/// The self-metrics (README, "Self-metrics"), on the exporter's own prometheus-net registry (with the runtime's
/// process metrics). Object series are not here: they live pre-rendered in the SeriesRegistry.
/// </summary>
public sealed class ExporterMetrics
{
    public ExporterMetrics(string version)
    {
        Registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        var f = Metrics.WithCustomRegistry(Registry);
        Objects = f.CreateGauge("kube_api_exporter_objects", "Objects held per configured resource.", "resource");
        Series = f.CreateGauge("kube_api_exporter_series", "Object series exported per configured resource.", "resource");
        ResourceUp = f.CreateGauge("kube_api_exporter_resource_up", "1 while list and watch of the resource succeed, 0 while they fail (last state is still served).", "resource");
        LastSync = f.CreateGauge("kube_api_exporter_last_sync_timestamp_seconds", "Unix time of the resource's last completed list.", "resource");
        Events = f.CreateCounter("kube_api_exporter_events_total", "Watch events received, by type.", "resource", "type");
        WatchRestarts = f.CreateCounter("kube_api_exporter_watch_restarts_total", "Watches restarted, by reason (closed, expired, corrupt, error, watchdog, silent).", "resource", "reason");
        ListRequests = f.CreateCounter("kube_api_exporter_list_requests_total", "List requests sent to the API server, by HTTP code.", "resource", "code");
        DroppedSeries = f.CreateCounter("kube_api_exporter_dropped_series_total", "Series dropped by maxSeriesPerObject.", "resource");
        EventToMetric = f.CreateHistogram("kube_api_exporter_event_to_metric_seconds", "Time from receiving a watch event or list page to its series being visible to scrapes.",
            new HistogramConfiguration { Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
        ConfigReloads = f.CreateCounter("kube_api_exporter_config_reloads_total", "Config reloads, by result (applied, rejected).", "result");
        ScrapeAuth = f.CreateCounter("kube_api_exporter_scrape_auth_total", "Requests checked by the scrape guard (--scrape-auth kubernetes), by result (allowed, unauthenticated, forbidden, error).", "result");
        BuildInfo = f.CreateGauge("kube_api_exporter_build_info", "Build information; always 1.", "version");
        BuildInfo.WithLabels(version).Set(1);
    }

    public CollectorRegistry Registry { get; }
    public Gauge Objects { get; }
    public Gauge Series { get; }
    public Gauge ResourceUp { get; }
    public Gauge LastSync { get; }
    public Counter Events { get; }
    public Counter WatchRestarts { get; }
    public Counter ListRequests { get; }
    public Counter DroppedSeries { get; }
    public Histogram EventToMetric { get; }
    public Counter ConfigReloads { get; }
    public Counter ScrapeAuth { get; }
    public Gauge BuildInfo { get; }

    /// <summary>Drops every per-resource series of a resource that left the config.</summary>
    public void ForgetResource(string resource)
    {
        Objects.RemoveLabelled(resource);
        Series.RemoveLabelled(resource);
        ResourceUp.RemoveLabelled(resource);
        LastSync.RemoveLabelled(resource);
        DroppedSeries.RemoveLabelled(resource);
        foreach (var labels in Events.GetAllLabelValues().Where(l => l[0] == resource).ToList())
            Events.RemoveLabelled(labels);
        foreach (var labels in WatchRestarts.GetAllLabelValues().Where(l => l[0] == resource).ToList())
            WatchRestarts.RemoveLabelled(labels);
        foreach (var labels in ListRequests.GetAllLabelValues().Where(l => l[0] == resource).ToList())
            ListRequests.RemoveLabelled(labels);
    }
}
