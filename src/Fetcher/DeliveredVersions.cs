namespace KubeApiExporter.Fetcher;

/// <summary>
/// Which resourceVersion of each object one watch target has passed on, and from which list, so an
/// unchanged re-delivery is recognised where it arrives (at 100k pods a re-list otherwise re-renders
/// ~1 GB only to find it unchanged). It follows the store: forgotten on delete, swept at the end of a
/// list exactly as the store sweeps, so "passed on" means "held downstream". Not thread-safe: one per
/// target, used by that target's watcher only. A reload that changes a resource's rules restarts its
/// targets, and with them this record, so new rules always render.
/// </summary>
public sealed class DeliveredVersions
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private struct Entry
    {
        public string ResourceVersion;
        public long Generation;
    }

    public int Count => _entries.Count;

    /// <summary>
    /// Records the delivery of <paramref name="key"/> at <paramref name="resourceVersion"/> by list
    /// <paramref name="generation"/>; true when that version was passed on already (nothing to render).
    /// An object without a resourceVersion is never taken as unchanged.
    /// </summary>
    public bool Deliver(string key, string? resourceVersion, long generation)
    {
        if (resourceVersion is null)
        {
            _entries.Remove(key);
            return false;
        }
        ref var entry = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_entries, key, out var existed);
        var unchanged = existed && entry.ResourceVersion == resourceVersion;
        entry.ResourceVersion = resourceVersion;
        entry.Generation = generation;
        return unchanged;
    }

    public void Forget(string key) => _entries.Remove(key);

    /// <summary>A list of generation <paramref name="generation"/> ended: what it did not deliver is gone (the store drops it too).</summary>
    public void CompleteList(long generation)
    {
        List<string>? stale = null;
        foreach (var (key, entry) in _entries)
            if (entry.Generation < generation)
                (stale ??= []).Add(key);
        if (stale is not null)
            foreach (var key in stale)
                _entries.Remove(key);
    }
}
