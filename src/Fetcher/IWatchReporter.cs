namespace KubeApiExporter.Fetcher;

/// <summary>What a watcher tells the outside world (self-metrics, readiness); implemented by the Host.</summary>
public interface IWatchReporter
{
    /// <summary>A list request finished with an HTTP status code ("200", "403", "error" when no response).</summary>
    void ListRequest(WatchTarget target, string code);

    /// <summary>A full list was delivered downstream: the target has synced.</summary>
    void Synced(WatchTarget target, int objects);

    /// <summary>The target answered 403/404: it will not sync until the cluster changes, but it is settled for readiness.</summary>
    void Unavailable(WatchTarget target, int statusCode);

    void Up(WatchTarget target, bool up);

    /// <summary>A watch event arrived (ADDED, MODIFIED, DELETED, BOOKMARK).</summary>
    void Event(WatchTarget target, string type);

    /// <summary>A watch ended and is being restarted: closed, expired (410), error, watchdog.</summary>
    void WatchRestarted(WatchTarget target, string reason);

    /// <summary>A list or watch attempt failed; <paramref name="error"/> is short ("HTTP 403 Forbidden", "connection refused").</summary>
    void Failed(WatchTarget target, string error);
}
