using KubeApiExporter.Fetcher;

namespace KubeApiExporter.Host;

/// <summary>A point-in-time copy of one target's sync state, for the status page.</summary>
/// <param name="FailingSince">Start of the current failure streak (null while up).</param>
/// <param name="LastError">The most recent failure, kept after recovery so a flapping resource shows it.</param>
/// <param name="LastListPages">Pages of the last completed list (the API's limit/continue chunks).</param>
public sealed record TargetStatus(
    WatchTarget Target,
    SyncState State,
    DateTimeOffset StateSince,
    DateTimeOffset? FailingSince,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    DateTimeOffset? LastSync,
    int LastListObjects,
    int LastListPages);
