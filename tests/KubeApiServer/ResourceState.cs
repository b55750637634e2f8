namespace KubeApiExporter.KubeApiServer;

/// <summary>
/// Everything the store keeps for one resource: current objects in list order, the bounded
/// event history, and the open watches. Guarded by the <see cref="ObjectStore"/> lock.
/// </summary>
internal sealed class ResourceState(ResourceType type)
{
    public ResourceType Type { get; } = type;
    public SortedDictionary<string, StoredObject> Objects { get; } = new(StringComparer.Ordinal);
    public Queue<HistoryEvent> History { get; } = new();
    public List<WatchSubscription> Watches { get; } = [];

    /// <summary>
    /// Events at or below this resourceVersion are gone: watching or continuing a list from
    /// an older version is answered 410 Expired, as after an etcd compaction.
    /// </summary>
    public long CompactedThrough { get; set; }

    public bool IsExpired(long resourceVersion) => resourceVersion < CompactedThrough;

    public string TooOldMessage(long resourceVersion) => $"too old resource version: {resourceVersion} ({CompactedThrough})";
}
