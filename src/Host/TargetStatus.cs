using KubeApiExporter.Fetcher;

namespace KubeApiExporter.Host;

/// <summary>A point-in-time copy of one target's sync state, for the status page.</summary>
/// <param name="LastFailure">The most recent failure, kept after recovery so a flapping resource shows it.</param>
/// <param name="LastListPages">Pages of the last completed list (the API's limit/continue chunks).</param>
public sealed record TargetStatus(
    WatchTarget Target,
    SyncState State,
    DateTimeOffset StateSince,
    TargetFailure? LastFailure,
    DateTimeOffset? LastSync,
    int LastListObjects,
    int LastListPages)
{
    /// <summary>Start of the current failure streak (null while up or never failed).</summary>
    public DateTimeOffset? FailingSince => LastFailure is { Recovered: null } f ? f.Since : null;

    public string? LastError => LastFailure?.Error;

    public DateTimeOffset? LastErrorAt => LastFailure?.Last;
}
