namespace KubeApiExporter.Registry;

/// <summary>What the store holds for one object: its slots in each family and which list it came from.</summary>
internal sealed class StoredObject(string key)
{
    public string Key { get; } = key;
    /// <summary>The list/watch stream (a namespace, or "" for all) whose re-list may remove this object.</summary>
    public string Scope { get; set; } = "";
    /// <summary>The list generation of that stream that last delivered this object.</summary>
    public long Generation { get; set; }
    /// <summary>
    /// The families the object has or had, with its slot in each: the writer's record, to compare the next
    /// version with and to find the slots (scrapes read the slots). Replaced whole by an update.
    /// </summary>
    public Member[] Members { get; set; } = [];
    public int SeriesCount { get; set; }
}

/// <summary>
/// An object's place in one family: the family's slot it holds (the slot says where its lines are). A slot
/// with no lines: the object has none in that family now but keeps the slot while it lives.
/// </summary>
internal readonly record struct Member(MetricFamily Family, int Slot);
