namespace KubeApiExporter.Host;

/// <summary>Where one list+watch target stands, as the status page shows it.</summary>
public enum SyncState
{
    /// <summary>The first list is under way (or has not been applied to the store yet).</summary>
    Syncing,
    /// <summary>Listed, and the watch is running.</summary>
    Up,
    /// <summary>The API server answered 403: the service account may not read it (RBAC).</summary>
    Forbidden,
    /// <summary>The API server answered 404: the kind is not served (CRD not installed, typo).</summary>
    NotFound,
    /// <summary>List or watch keeps failing (unreachable, 5xx); the last known state is served.</summary>
    Failing,
}
