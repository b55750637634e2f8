namespace KubeApiExporter.Registry;

/// <summary>What the store holds for one object: the families it published and which list it came from.</summary>
internal sealed class StoredObject(string key)
{
    public string Key { get; } = key;
    /// <summary>The list/watch stream (a namespace, or "" for all) whose re-list may remove this object.</summary>
    public string Scope { get; set; } = "";
    /// <summary>The list generation of that stream that last delivered this object.</summary>
    public long Generation { get; set; }
    public RenderedFamily[] Families { get; set; } = [];
    public int SeriesCount { get; set; }
}
