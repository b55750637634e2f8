using System.Text.Json;
using KubeApiExporter.Fetcher;
using KubeApiExporter.Flattener;
using KubeApiExporter.Registry;
using Microsoft.Extensions.Logging;

namespace KubeApiExporter.Host.Pipeline;

/// <summary>
/// The render stage: an object change becomes a sink command, a changed object flattened by the
/// rules in force and rendered to exposition lines. The only stage that renders. Pure apart from the
/// per-thread render buffer and a failure log: safe to run in parallel.
/// </summary>
public sealed class ObjectRenderer(RulesInForce rules, ILogger logger)
{
    private int _failuresLogged;

    internal SinkCommand Render(ObjectChange change)
    {
        try
        {
            if (!rules.TryGet(change.Target.Name, out var resource))
                return SinkCommand.Skip(change); // removed from the config while in flight
            return change.Kind switch
            {
                ObjectChangeKind.Changed => RenderChanged(resource, change),
                ObjectChangeKind.Unchanged => SinkCommand.Refresh(change),
                ObjectChangeKind.Deleted => SinkCommand.Delete(change),
                _ => SinkCommand.ListCompleted(change),
            };
        }
        finally
        {
            // The last stage to read the object: the rendered lines are copies, so its page can go back to the pool.
            change.Page?.Release();
        }
    }

    private SinkCommand RenderChanged(FlattenRules resource, ObjectChange change)
    {
        try
        {
            return SinkCommand.Upsert(change, RenderObject(resource, change.Object));
        }
        catch (Exception e)
        {
            // Keep what the store holds for this object; one hostile object must not stop the pipeline.
            if (Interlocked.Increment(ref _failuresLogged) <= 10)
                logger.LogError(e, "{Resource}: could not flatten {Object}; its previous series are kept", change.Target.Name, change.Key);
            return SinkCommand.Skip(change);
        }
    }

    /// <summary>Flattens one object through the per-thread renderer (shared with the render command).</summary>
    public static RenderedObject RenderObject(FlattenRules resource, JsonElement obj)
    {
        var renderer = SeriesRenderer.ForCurrentThread;
        renderer.Begin(resource.Config.MaxSeriesPerObject);
        ObjectFlattener.Flatten(resource, obj, renderer);
        return renderer.Finish();
    }
}
