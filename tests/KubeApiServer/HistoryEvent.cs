namespace KubeApiExporter.KubeApiServer;

/// <summary>
/// One change kept in a resource's bounded history. Previous is the state before the change,
/// so a list continuation can rebuild the snapshot its continue token was issued at.
/// </summary>
internal sealed record HistoryEvent(long ResourceVersion, string Type, StoredObject Object, StoredObject? Previous, byte[] Line);
