using System.Text.Json;
using KubeApiExporter.Fetcher;
using KubeApiExporter.Registry;

namespace KubeApiExporter.Host.Pipeline;

/// <summary>What the flatten block hands the registry sink: a rendered object, a delete, a list end, or nothing.</summary>
internal readonly record struct SinkCommand(
    ChangeKind Kind,
    WatchTarget Target,
    long Generation,
    string? Key,
    RenderedObject? Rendered,
    long ReceivedTimestamp,
    ObjectSource? Source = null,
    JsonElement Object = default)
{
    /// <summary>An upsert of an object the store already holds rendered from the same source: nothing to render.</summary>
    public bool IsRefresh => Kind == ChangeKind.Upsert && Key is not null && Rendered is null;

    /// <summary>Nothing to apply (object of another shard, without a name, or of a resource no longer configured).</summary>
    public bool IsSkip => Kind != ChangeKind.ListCompleted && Key is null;

    public static SinkCommand Skip(FetchedChange change) =>
        new(change.Kind, change.Target, change.Generation, null, null, change.ReceivedTimestamp);
}
