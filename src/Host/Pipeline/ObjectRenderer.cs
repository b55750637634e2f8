using System.Text.Json;
using KubeApiExporter.Fetcher;
using KubeApiExporter.Flattener;
using KubeApiExporter.Registry;

namespace KubeApiExporter.Host.Pipeline;

/// <summary>
/// The flatten block's function: a fetched change becomes a sink command, the object flattened and
/// rendered to exposition lines. Pure apart from the per-thread render buffer; safe to run in parallel.
/// </summary>
public sealed class ObjectRenderer(IReadOnlyDictionary<string, CompiledResource> resources, ShardFilter shard)
{
    internal SinkCommand Render(FetchedChange change)
    {
        if (change.Kind == ChangeKind.ListCompleted)
            return new SinkCommand(change.Kind, change.Target, change.Generation, null, null, change.ReceivedTimestamp);
        var key = ObjectIdentity.KeyOf(change.Object);
        if (key is null || !shard.Keeps(ObjectIdentity.UidOf(change.Object)))
            return new SinkCommand(change.Kind, change.Target, change.Generation, null, null, change.ReceivedTimestamp);
        if (change.Kind == ChangeKind.Delete)
            return new SinkCommand(change.Kind, change.Target, change.Generation, key, null, change.ReceivedTimestamp);
        var resource = resources[change.Target.Resource];
        return new SinkCommand(change.Kind, change.Target, change.Generation, key, RenderObject(resource, change.Object), change.ReceivedTimestamp);
    }

    /// <summary>Flattens one object through the per-thread renderer (shared with the render command).</summary>
    public static RenderedObject RenderObject(CompiledResource resource, JsonElement obj)
    {
        var renderer = SeriesRenderer.ForCurrentThread;
        renderer.Begin(resource.Config.MaxSeriesPerObject);
        ObjectFlattener.Flatten(resource.Rules, obj, renderer);
        return renderer.Finish();
    }
}
