using System.Text.Json;
using KubeApiExporter.Fetcher;
using KubeApiExporter.Flattener;
using KubeApiExporter.Registry;

namespace KubeApiExporter.Host.Pipeline;

/// <summary>
/// The flatten block's function: a fetched change becomes a sink command, the object flattened and
/// rendered to exposition lines. Pure apart from the per-thread render buffer; safe to run in parallel.
/// </summary>
public sealed class ObjectRenderer(ShardFilter shard, SeriesStore store)
{
    private volatile IReadOnlyDictionary<string, CompiledResource> _resources = new Dictionary<string, CompiledResource>();

    /// <summary>The rules in force; swapped atomically by a config reload.</summary>
    public IReadOnlyDictionary<string, CompiledResource> Resources
    {
        get => _resources;
        set => _resources = value;
    }

    internal SinkCommand Render(FetchedChange change)
    {
        if (!_resources.TryGetValue(change.Target.Resource, out var resource))
            return SinkCommand.Skip(change); // removed from the config while in flight
        if (change.Kind == ChangeKind.ListCompleted)
            return new SinkCommand(change.Kind, change.Target, change.Generation, null, null, change.ReceivedTimestamp);
        var key = ObjectMetadata.KeyOf(change.Object);
        if (key is null || (shard.TotalShards > 1 && !shard.Keeps(ObjectMetadata.UidOf(change.Object))))
            return SinkCommand.Skip(change);
        if (change.Kind == ChangeKind.Delete)
            return new SinkCommand(change.Kind, change.Target, change.Generation, key, null, change.ReceivedTimestamp);
        var source = ObjectMetadata.ResourceVersionOf(change.Object) is { } rv ? new ObjectSource(rv, resource) : null;
        if (source is not null && store.Holds(change.Target.Resource, key, source))
            return new SinkCommand(change.Kind, change.Target, change.Generation, key, null, change.ReceivedTimestamp, source, change.Object);
        return new SinkCommand(change.Kind, change.Target, change.Generation, key, RenderObject(resource, change.Object), change.ReceivedTimestamp, source);
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
