namespace KubeApiExporter.Fetcher;

public enum ChangeKind
{
    /// <summary>An object from a list page or an ADDED/MODIFIED watch event.</summary>
    Upsert,
    /// <summary>A DELETED watch event.</summary>
    Delete,
    /// <summary>A (re-)list finished: objects of the scope not in it are gone.</summary>
    ListCompleted,
}
