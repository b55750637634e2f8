using System.Text.Json;

namespace KubeApiExporter.Fetcher;

/// <summary>
/// What the fetch stage emits: a change of one object this shard keeps, already keyed, or the end of
/// a list. The render stage takes it from here.
/// </summary>
/// <param name="Key">Store key, "namespace/name" or "name"; empty for <see cref="ObjectChangeKind.ListCompleted"/>.</param>
/// <param name="Object">The object, for <see cref="ObjectChangeKind.Changed"/>; default otherwise (nothing to render).</param>
/// <param name="Generation">The list generation of the target that delivered it (see <see cref="FetchedChange"/>).</param>
/// <param name="ReceivedTimestamp">TimeProvider timestamp at receipt, for event-to-metric latency.</param>
/// <param name="Page">For <see cref="ObjectChangeKind.Changed"/> from a list: the page of <paramref name="Object"/>, held until the render stage is done with it.</param>
public readonly record struct ObjectChange(
    ObjectChangeKind Kind,
    WatchTarget Target,
    long Generation,
    string Key,
    JsonElement Object,
    long ReceivedTimestamp,
    ListPage? Page = null);
