namespace KubeApiExporter.Registry;

/// <summary>What the store holds for one object: its published lines and which list it came from.</summary>
internal sealed class StoredObject(string key)
{
    public string Key { get; } = key;
    /// <summary>The list/watch stream (a namespace, or "" for all) whose re-list may remove this object.</summary>
    public string Scope { get; set; } = "";
    /// <summary>The list generation of that stream that last delivered this object.</summary>
    public long Generation { get; set; }
    /// <summary>The lines scrapes read; replaced whole by an update.</summary>
    public StoredLines Lines { get; set; } = StoredLines.None;
    public int SeriesCount { get; set; }
}

/// <summary>
/// One version of an object's lines: the renderer's buffer (every family's lines, one after another)
/// and one member per family the object has or had. The writer's record, to compare the next version
/// with and to find the object's slots; scrapes read the families' slots, which point into the same
/// buffer. Never changed in place: an update replaces it, a scrape may still be copying the old buffer.
/// </summary>
internal sealed class StoredLines(byte[] text, Member[] members)
{
    public static readonly StoredLines None = new([], []);

    public byte[] Text { get; } = text;
    public Member[] Members { get; } = members;
}

/// <summary>
/// An object's place in one family: the family's slot it holds (the slot says where its lines are). A slot
/// with no lines: the object has none in that family now but keeps the slot while it lives.
/// </summary>
internal readonly record struct Member(MetricFamily Family, int Slot);
