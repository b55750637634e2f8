using System.Text.Json;

namespace KubeApiExporter.Fetcher;

/// <summary>What a fetch block emits: one object change, or the end of a list.</summary>
/// <param name="Generation">Counts the lists of this target; objects delivered by an older list are stale after <see cref="ChangeKind.ListCompleted"/>.</param>
/// <param name="ReceivedTimestamp">TimeProvider timestamp at receipt, for event-to-metric latency.</param>
public readonly record struct FetchedChange(
    ChangeKind Kind,
    WatchTarget Target,
    long Generation,
    JsonElement Object,
    long ReceivedTimestamp);
