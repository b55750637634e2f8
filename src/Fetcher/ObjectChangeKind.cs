namespace KubeApiExporter.Fetcher;

/// <summary>What the fetch stage hands on for one object, after shard filtering and keying.</summary>
public enum ObjectChangeKind
{
    /// <summary>New or changed (or without a resourceVersion): flatten and render it.</summary>
    Changed,
    /// <summary>
    /// Delivered again with the resourceVersion already passed on (a re-list, a watch restart): its
    /// series stand; only note that this list delivered it, so the list's sweep keeps it.
    /// </summary>
    Unchanged,
    /// <summary>A DELETED watch event.</summary>
    Deleted,
    /// <summary>A (re-)list finished: objects of the scope it did not deliver are gone.</summary>
    ListCompleted,
}
