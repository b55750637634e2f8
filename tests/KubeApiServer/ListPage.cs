namespace KubeApiExporter.KubeApiServer;

/// <summary>
/// One page of a list answer, taken at snapshot resourceVersion ResourceVersion. LastKey is
/// set while more items remain; it goes into the continue token.
/// </summary>
internal sealed record ListPage(long ResourceVersion, IReadOnlyList<StoredObject> Items, string? LastKey, int RemainingItemCount);
