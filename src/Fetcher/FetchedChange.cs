using System.Text.Json;

namespace KubeApiExporter.Fetcher;

/// <summary>What a fetch block emits: one object change, or the end of a list.</summary>
/// <param name="Generation">Counts the lists of this target; objects delivered by an older list are stale after <see cref="ChangeKind.ListCompleted"/>.</param>
/// <param name="ReceivedTimestamp">TimeProvider timestamp at receipt, for event-to-metric latency.</param>
/// <param name="Page">The list page <paramref name="Object"/> belongs to, held for this change: whoever ends its way releases it. Null for watch events (small documents that die young).</param>
public readonly record struct FetchedChange(
    ChangeKind Kind,
    WatchTarget Target,
    long Generation,
    JsonElement Object,
    long ReceivedTimestamp,
    ListPage? Page = null);
