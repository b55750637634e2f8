using System.Collections.Concurrent;
using KubeApiExporter.Fetcher;

namespace KubeApiExporter.Host;

/// <summary>
/// Per-target sync state for /readyz and the per-resource self-metrics. A resource is up only while
/// all of its targets (one per namespace) are.
/// </summary>
public sealed class ResourceStatusBoard(ExporterMetrics metrics, TimeProvider time) : IWatchReporter
{
    private sealed class TargetState
    {
        public volatile bool Settled;
        public volatile bool Up;
        public volatile TargetFailure? Failure;
    }

    private readonly ConcurrentDictionary<WatchTarget, TargetState> _targets = new();
    private volatile bool _wasReady;

    public void Track(WatchTarget target)
    {
        _targets.TryAdd(target, new TargetState());
        metrics.ResourceUp.WithLabels(target.Resource).Set(0);
    }

    public void Forget(WatchTarget target) => _targets.TryRemove(target, out _);

    /// <summary>
    /// Ready once every target has settled; it stays ready afterwards, so that a resource added by
    /// a config reload does not take the pod out of its Service while it lists.
    /// </summary>
    public bool IsReady(out IReadOnlyList<WatchTarget> pending)
    {
        pending = _wasReady ? [] : Pending();
        if (pending.Count == 0)
            _wasReady = true;
        return pending.Count == 0;
    }

    /// <summary>Targets that have neither listed nor been answered 403/404 yet.</summary>
    public IReadOnlyList<WatchTarget> Pending() =>
        _targets.Where(t => !t.Value.Settled).Select(t => t.Key).OrderBy(t => t.Resource).ToList();

    public void ListRequest(WatchTarget target, string code) => metrics.ListRequests.WithLabels(target.Resource, code).Inc();

    public void Synced(WatchTarget target, int objects)
    {
        metrics.LastSync.WithLabels(target.Resource).Set(time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
    }

    /// <summary>
    /// The sink applied the end of a list: every listed object is visible to scrapes. Readiness waits
    /// for this, not for the watcher having sent the last page (at 100k pods that is seconds apart).
    /// </summary>
    public void ListApplied(WatchTarget target) => State(target).Settled = true;

    public void Unavailable(WatchTarget target, int statusCode) => State(target).Settled = true;

    public void Up(WatchTarget target, bool up)
    {
        var state = State(target);
        state.Up = up;
        if (up && state.Failure is { Recovered: null } failure)
            state.Failure = failure with { Recovered = time.GetUtcNow() };
        var all = _targets.Where(t => t.Key.Resource == target.Resource).All(t => t.Value.Up);
        metrics.ResourceUp.WithLabels(target.Resource).Set(all ? 1 : 0);
    }

    public void Event(WatchTarget target, string type) => metrics.Events.WithLabels(target.Resource, type).Inc();

    public void WatchRestarted(WatchTarget target, WatchEnd reason) => metrics.WatchRestarts.WithLabels(target.Resource, reason.Label()).Inc();

    /// <summary>Keeps the last error; a failure that follows a recovery starts a new "since".</summary>
    public void Failed(WatchTarget target, string error)
    {
        var state = State(target);
        var now = time.GetUtcNow();
        state.Failure = state.Failure is { Recovered: null } ongoing
            ? ongoing with { Error = error, Last = now, Attempts = ongoing.Attempts + 1 }
            : new TargetFailure(error, now, now, 1, null);
    }

    /// <summary>The last failure of a target (ongoing while its Recovered is null), or null if it never failed.</summary>
    public TargetFailure? LastFailure(WatchTarget target) => _targets.TryGetValue(target, out var state) ? state.Failure : null;

    private TargetState State(WatchTarget target) => _targets.GetOrAdd(target, _ => new TargetState());
}
