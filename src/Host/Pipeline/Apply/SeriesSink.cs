using KubeApiExporter.Registry;
using Microsoft.Extensions.Logging;

namespace KubeApiExporter.Host.Pipeline;

/// <summary>
/// The apply stage, the single writer of the SeriesRegistry: applies each command in arrival order and
/// renders nothing. A config reload's removals take the same gate, so nothing of a removed resource
/// can be re-added after its removal.
/// </summary>
internal sealed class SeriesSink(SeriesRegistry store, RulesInForce rules, ExporterMetrics metrics, ResourceStatusBoard board, ILogger logger, TimeProvider time)
{
    private readonly Lock _gate = new();
    // Objects already reported for exceeding maxSeriesPerObject: log once per object, not per update.
    private readonly HashSet<string> _reportedOversize = [];
    private bool _compactedAfterSync;

    public void Apply(SinkCommand command)
    {
        if (command.Action == SinkAction.Skip)
            return;
        var resource = command.Target.Name;
        lock (_gate)
        {
            if (!rules.TryGet(resource, out _))
                return; // left the config while in flight
            switch (command.Action)
            {
                case SinkAction.Upsert:
                    var rendered = command.Rendered;
                    store.Upsert(resource, command.Key, command.Target.Scope, command.Generation, rendered);
                    if (rendered.DroppedSeries > 0)
                        ReportOversize(resource, command.Key, rendered);
                    metrics.EventToMetric.Observe(time.GetElapsedTime(command.ReceivedTimestamp).TotalSeconds);
                    break;
                case SinkAction.Refresh:
                    // False only when the store dropped the object since: an earlier render of it failed and
                    // the list's sweep took its old series. It comes back with its next change.
                    store.Refresh(resource, command.Key, command.Target.Scope, command.Generation);
                    break;
                case SinkAction.Delete:
                    store.Delete(resource, command.Key);
                    _reportedOversize.Remove($"{resource}/{command.Key}");
                    metrics.EventToMetric.Observe(time.GetElapsedTime(command.ReceivedTimestamp).TotalSeconds);
                    break;
                case SinkAction.ListCompleted:
                    var outcome = store.CompleteList(resource, command.Target.Scope, command.Generation);
                    board.ListApplied(command.Target);
                    CompactOnceSynced();
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

    /// <summary>
    /// Once every resource has applied its first list, one full compacting GC that gives the free
    /// memory back to the OS: the initial lists leave pages of JSON and render buffers behind, and the
    /// runtime would otherwise keep that space committed (measured: bench/README.md, "Store layout").
    /// </summary>
    private void CompactOnceSynced()
    {
        if (_compactedAfterSync || !board.IsReady(out _))
            return;
        _compactedAfterSync = true;
        ThreadPool.UnsafeQueueUserWorkItem(static _ => GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true), null);
    }

    private void ReportOversize(string resource, string key, RenderedObject rendered)
    {
        metrics.DroppedSeries.WithLabels(resource).Inc(rendered.DroppedSeries);
        if (_reportedOversize.Add($"{resource}/{key}"))
            logger.LogWarning("{Resource}: {Object} has more than {Kept} series; dropped {Dropped}. Fix: raise maxSeriesPerObject or narrow it with include/exclude",
                resource, key, rendered.SeriesCount, rendered.DroppedSeries);
    }
}
