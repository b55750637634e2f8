namespace KubeApiExporter.Fetcher;

/// <summary>What a watcher tells the outside world (self-metrics, readiness); implemented by the Host.</summary>
public interface IWatchReporter
{
    /// <summary>A list request finished with an HTTP status code ("200", "403", "error" when no response).</summary>
    void ListRequest(WatchTarget target, string code);

    /// <summary>A full list was delivered downstream: the target has synced.</summary>
    void Synced(WatchTarget target, int objects);

    /// <summary>
    /// The target answered 403/404: it will not sync until the cluster changes, but it is settled for
    /// readiness. <paramref name="error"/> is the failure as <see cref="Failed"/> would report it; one
    /// call carries both so that readers never see the code without its error.
    /// </summary>
    void Unavailable(WatchTarget target, int statusCode, string error);

    void Up(WatchTarget target, bool up);

    /// <summary>A watch event arrived (ADDED, MODIFIED, DELETED, BOOKMARK).</summary>
    void Event(WatchTarget target, string type);

    /// <summary>A watch (or the list before it) ended and is being restarted.</summary>
    void WatchRestarted(WatchTarget target, WatchEnd reason);

    /// <summary>
    /// A list or watch attempt failed; <paramref name="error"/> is short and meant for people:
    /// "HTTP 403 Forbidden", "connection refused", "no data for 30 s, then no answer to GET /version within 10 s".
    /// </summary>
    void Failed(WatchTarget target, string error);
}
