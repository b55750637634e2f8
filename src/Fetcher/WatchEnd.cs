namespace KubeApiExporter.Fetcher;

/// <summary>
/// Why a watch (or the list before it) ended and was restarted. Drives what the watcher does next;
/// the lowercase name is the <c>reason</c> label of <c>kube_api_exporter_watch_restarts_total</c>.
/// </summary>
public enum WatchEnd
{
    /// <summary>The server ended the watch at its timeoutSeconds: resume from the last resourceVersion.</summary>
    Closed,

    /// <summary>410 Gone (the resourceVersion left the watch cache): re-list.</summary>
    Expired,

    /// <summary>An undecodable line: re-list, after a backoff.</summary>
    Corrupt,

    /// <summary>A connection or HTTP error: serve the last state, retry with backoff.</summary>
    Error,

    /// <summary>The watch stayed silent past its own timeout while the server still answered: re-watch.</summary>
    Watchdog,

    /// <summary>
    /// The API server stopped answering on the connection (unanswered HTTP/2 pings, or a probe or a list
    /// page with no answer in time): the resource is down and the watch restarts on a new connection.
    /// </summary>
    Silent,
}
