namespace KubeApiExporter.Fetcher;

/// <summary>Tunables of list+watch; the defaults are client-go's informer defaults where it has one.</summary>
public sealed record WatcherOptions
{
    public int PageSize { get; init; } = 500;
    /// <summary>Server-side watch timeout; each watch picks uniformly in [min, 2*min), as client-go does, so watches do not restart in lockstep.</summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>Extra time past the server timeout before the watchdog declares a silent watch dead.</summary>
    public TimeSpan WatchdogGrace { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Retry period of a resource answered 403/404 (SPEC §5: every minute).</summary>
    public TimeSpan UnavailableRetry { get; init; } = TimeSpan.FromMinutes(1);
}
