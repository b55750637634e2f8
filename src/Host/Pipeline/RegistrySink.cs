using KubeApiExporter.Fetcher;
using KubeApiExporter.Registry;
using Microsoft.Extensions.Logging;

namespace KubeApiExporter.Host.Pipeline;

/// <summary>
/// The single writer of the SeriesStore: applies each command in arrival order. A config reload's
/// removals take the same gate, so nothing of a removed resource can be re-added after its removal.
/// </summary>
internal sealed class RegistrySink(SeriesStore store, ObjectRenderer renderer, ExporterMetrics metrics, ResourceStatusBoard board, ILogger logger, TimeProvider time)
{
    private readonly Lock _gate = new();
    // Objects already reported for exceeding maxSeriesPerObject: log once per object, not per update.
    private readonly HashSet<string> _reportedOversize = [];

    public void Apply(SinkCommand command)
    {
        if (command.IsSkip)
            return;
        var resource = command.Target.Resource;
        lock (_gate)
        {
            if (!renderer.Resources.TryGetValue(resource, out var compiled))
                return; // left the config while in flight
            switch (command.Kind)
            {
                case ChangeKind.Upsert when command.IsRefresh:
                    // Unchanged re-delivery; render here only if the store changed since the renderer looked.
                    if (!store.Refresh(resource, command.Key!, command.Target.Scope, command.Generation, command.Source!))
                        store.Upsert(resource, command.Key!, command.Target.Scope, command.Generation,
                            ObjectRenderer.RenderObject(compiled, command.Object), command.Source);
                    break;
                case ChangeKind.Upsert:
                    var rendered = command.Rendered!;
                    store.Upsert(resource, command.Key!, command.Target.Scope, command.Generation, rendered, command.Source);
                    if (rendered.DroppedSeries > 0)
                        ReportOversize(resource, command.Key!, rendered);
                    metrics.EventToMetric.Observe(time.GetElapsedTime(command.ReceivedTimestamp).TotalSeconds);
                    break;
                case ChangeKind.Delete:
                    store.Delete(resource, command.Key!);
                    _reportedOversize.Remove($"{resource}/{command.Key}");
                    metrics.EventToMetric.Observe(time.GetElapsedTime(command.ReceivedTimestamp).TotalSeconds);
                    break;
                case ChangeKind.ListCompleted:
                    var outcome = store.CompleteList(resource, command.Target.Scope, command.Generation);
                    board.ListApplied(command.Target);
                    if (outcome.ObjectsRemoved > 0)
                        logger.LogInformation("{Resource}: re-list removed {Objects} objects that no longer exist ({Series} series)",
                            resource, outcome.ObjectsRemoved, outcome.SeriesRemoved);
                    break;
            }
        }
    }

    /// <summary>A resource left the config: all its series go.</summary>
    public ApplyOutcome RemoveResource(string resource)
    {
        lock (_gate)
            return store.RemoveResource(resource);
    }

    /// <summary>A namespace left the config for a resource: the objects listed from it go.</summary>
    public ApplyOutcome RemoveScope(string resource, string scope)
    {
        lock (_gate)
            return store.CompleteList(resource, scope, long.MaxValue);
    }

    private void ReportOversize(string resource, string key, RenderedObject rendered)
    {
        metrics.DroppedSeries.WithLabels(resource).Inc(rendered.DroppedSeries);
        if (_reportedOversize.Add($"{resource}/{key}"))
            logger.LogWarning("{Resource}: {Object} has more than {Kept} series; dropped {Dropped}. Fix: raise maxSeriesPerObject or narrow it with include/exclude",
                resource, key, rendered.SeriesCount, rendered.DroppedSeries);
    }
}
