using System.Collections.Concurrent;
using KubeApiExporter.Fetcher;

namespace KubeApiExporter.Host;

/// <summary>
/// Per-target sync state for /readyz, the status page and the per-resource self-metrics. A resource
/// is up only while all of its targets (one per namespace) are.
/// </summary>
public sealed class ResourceStatusBoard(ExporterMetrics metrics, TimeProvider time) : IWatchReporter
{
    /// <summary>Written by the target's watcher (and the sink for Settled), read by pages and probes: guarded by its own lock.</summary>
    private sealed class TargetState(DateTimeOffset tracked)
    {
        public readonly Lock Gate = new();
        public volatile bool Settled;
        public volatile bool Up;
        public int? UnavailableCode;
        /// <summary>The last failure, the one record of it (ongoing while Recovered is null): the status page reads it too.</summary>
        public TargetFailure? Failure;
        public DateTimeOffset? LastSync;
        public int LastListObjects;
        public int LastListPages;
        public int PagesInProgress;
        public SyncState State = SyncState.Syncing;
        public DateTimeOffset StateSince = tracked;

        public SyncState Compute() =>
            Up ? (Settled ? SyncState.Up : SyncState.Syncing)
            : UnavailableCode == 403 ? SyncState.Forbidden
            : UnavailableCode == 404 ? SyncState.NotFound
            : Failure is { Recovered: null } ? SyncState.Failing
            : SyncState.Syncing;
    }

    private readonly ConcurrentDictionary<WatchTarget, TargetState> _targets = new();
    private volatile bool _wasReady;

    public void Track(WatchTarget target)
    {
        _targets.TryAdd(target, new TargetState(time.GetUtcNow()));
        metrics.ResourceUp.WithLabels(target.Name).Set(0);
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
        _targets.Where(t => !t.Value.Settled).Select(t => t.Key).OrderBy(t => t.Name).ToList();

    /// <summary>Every tracked target's state, ordered by resource and namespace.</summary>
    public IReadOnlyList<TargetStatus> Snapshot() =>
        _targets
            .Select(t =>
            {
                var s = t.Value;
                lock (s.Gate)
                    return new TargetStatus(t.Key, s.State, s.StateSince, s.Failure, s.LastSync, s.LastListObjects, s.LastListPages);
            })
            .OrderBy(s => s.Target.Name, StringComparer.Ordinal)
            .ThenBy(s => s.Target.Scope, StringComparer.Ordinal)
            .ToList();

    public void ListRequest(WatchTarget target, string code)
    {
        metrics.ListRequests.WithLabels(target.Name, code).Inc();
        if (code == "200")
            Change(target, s => s.PagesInProgress++);
    }

    public void Synced(WatchTarget target, int objects)
    {
        var now = time.GetUtcNow();
        metrics.LastSync.WithLabels(target.Name).Set(now.ToUnixTimeMilliseconds() / 1000.0);
        Change(target, s =>
        {
            s.LastSync = now;
            s.LastListObjects = objects;
            s.LastListPages = s.PagesInProgress;
            s.PagesInProgress = 0;
        });
    }

    /// <summary>
    /// The sink applied the end of a list: every listed object is visible to scrapes. Readiness waits
    /// for this, not for the watcher having sent the last page (at 100k pods that is seconds apart).
    /// </summary>
    public void ListApplied(WatchTarget target) => Change(target, s => s.Settled = true);

    /// <summary>
    /// A 403/404 answer: the code and its error are recorded in one change, so a page never shows
    /// "403 Forbidden" without the error that says why.
    /// </summary>
    public void Unavailable(WatchTarget target, int statusCode, string error) => Change(target, s =>
    {
        s.Settled = true;
        Record(s, error);
        s.UnavailableCode = statusCode;
    });

    /// <summary>Keeps the last error; a failure that follows a recovery starts a new "since".</summary>
    public void Failed(WatchTarget target, string error) => Change(target, s =>
    {
        Record(s, error);
        // A 403/404 that turned into another failure (API server gone) is no longer "forbidden".
        s.UnavailableCode = null;
    });

    private void Record(TargetState s, string error)
    {
        var now = time.GetUtcNow();
        s.Failure = s.Failure is { Recovered: null } ongoing
            ? ongoing with { Error = error, Last = now, Attempts = ongoing.Attempts + 1 }
            : new TargetFailure(error, now, now, 1, null);
        s.PagesInProgress = 0; // a list that failed half-way starts its page count again
    }

    public void Up(WatchTarget target, bool up)
    {
        Change(target, s =>
        {
            s.Up = up;
            if (up)
            {
                s.UnavailableCode = null;
                if (s.Failure is { Recovered: null } failure)
                    s.Failure = failure with { Recovered = time.GetUtcNow() };
            }
        });
        var all = _targets.Where(t => t.Key.Name == target.Name).All(t => t.Value.Up);
        metrics.ResourceUp.WithLabels(target.Name).Set(all ? 1 : 0);
    }

    public void Event(WatchTarget target, string type) => metrics.Events.WithLabels(target.Name, type).Inc();

    public void WatchRestarted(WatchTarget target, WatchEnd reason) => metrics.WatchRestarts.WithLabels(target.Name, reason.Label()).Inc();

    /// <summary>The last failure of a target (ongoing while its Recovered is null), or null if it never failed.</summary>
    public TargetFailure? LastFailure(WatchTarget target)
    {
        if (!_targets.TryGetValue(target, out var s))
            return null;
        lock (s.Gate)
            return s.Failure;
    }

    private void Change(WatchTarget target, Action<TargetState> change)
    {
        var s = _targets.GetOrAdd(target, _ => new TargetState(time.GetUtcNow()));
        lock (s.Gate)
        {
            change(s);
            var state = s.Compute();
            if (state != s.State)
            {
                s.State = state;
                s.StateSince = time.GetUtcNow();
            }
        }
    }
}
