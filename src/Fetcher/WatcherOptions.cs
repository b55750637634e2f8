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

    /// <summary>
    /// Cap of the backoff of a resource answered 403/404. It starts at <see cref="InitialBackoff"/>, so a
    /// transient 403 (an API server whose authorizer has not synced after a restart) costs seconds.
    /// </summary>
    public TimeSpan UnavailableMaxBackoff { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a 403/404 lasts before the log says the fix outright (until then it may be transient).</summary>
    public TimeSpan UnavailablePersistsAfter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A watch that has heard nothing from the API server for this long (no event, no bookmark, no answer
    /// to another watcher's probe) probes it. A quiet resource is legitimately silent for minutes, so
    /// silence alone proves nothing.
    /// </summary>
    public TimeSpan ProbeAfterSilence { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A probe with no answer within this is a silent connection: detection within ProbeAfterSilence + ProbeTimeout.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>While a resource is down, how often its running watch probes the server to notice the recovery.</summary>
    public TimeSpan ProbeWhileDown { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Limit of one list page request (the client's own default is 100 s). A page is at most PageSize objects:
    /// even a loaded API server answers in seconds; a hung one must not keep the resource "up" for long.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
