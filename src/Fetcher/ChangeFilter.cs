using System.Threading.Tasks.Dataflow;

namespace KubeApiExporter.Fetcher;

/// <summary>
/// The fetch stage's filter, between a watcher and its bounded queue (as kube-state-metrics wraps its
/// ListerWatcher): objects of other shards and objects without a name go no further, the rest are
/// keyed, and an unchanged re-delivery is passed on as such, without its object. So nothing the
/// render stage would drop or re-render for nothing crosses a queue. One per watch target.
/// </summary>
public sealed class ChangeFilter
{
    private readonly ShardFilter _shard;
    private readonly DeliveredVersions _delivered = new();
    private readonly ActionBlock<FetchedChange> _block;

    /// <param name="output">The target's bounded queue; waiting on it is the back-pressure on the watcher.</param>
    public ChangeFilter(ShardFilter shard, ITargetBlock<ObjectChange> output, CancellationToken ct)
    {
        _shard = shard;
        // Capacity 1: the watcher's send waits until the previous change is in the queue, so there is
        // no buffer here, and Pass runs for one change at a time, in order.
        _block = new ActionBlock<FetchedChange>(async change =>
            {
                if (Pass(change) is not { } kept || await output.SendAsync(kept, ct))
                    return;
                ct.ThrowIfCancellationRequested(); // stopping: the change is dropped with the queue
                // Anything else would lose the change silently: fault the block, so the watcher's
                // next send fails and the pipeline reports it.
                throw new InvalidOperationException($"{change.Target}: the target's queue no longer accepts changes");
            },
            new ExecutionDataflowBlockOptions { BoundedCapacity = 1, MaxDegreeOfParallelism = 1, CancellationToken = ct });
    }

    /// <summary>What the watcher writes to.</summary>
    public ITargetBlock<FetchedChange> Target => _block;

    /// <summary>
    /// The filter itself: what of <paramref name="change"/> goes on, or null for nothing. Call in stream
    /// order. Only a change that goes on with its object keeps the hold on its list page; for any other
    /// the object is read for the last time here, so its hold is released here.
    /// </summary>
    public ObjectChange? Pass(FetchedChange change)
    {
        var passed = Decide(change);
        if (passed is not { Kind: ObjectChangeKind.Changed })
            change.Page?.Release();
        return passed;
    }

    private ObjectChange? Decide(FetchedChange change)
    {
        if (change.Kind == ChangeKind.ListCompleted)
        {
            _delivered.CompleteList(change.Generation);
            return new ObjectChange(ObjectChangeKind.ListCompleted, change.Target, change.Generation, "", default, change.ReceivedTimestamp);
        }
        var key = ObjectMetadata.KeyOf(change.Object);
        // Reading the uid only when sharding: most installations run one replica.
        if (key is null || (_shard.TotalShards > 1 && !_shard.Keeps(ObjectMetadata.UidOf(change.Object))))
            return null;
        if (change.Kind == ChangeKind.Delete)
        {
            _delivered.Forget(key);
            return new ObjectChange(ObjectChangeKind.Deleted, change.Target, change.Generation, key, default, change.ReceivedTimestamp);
        }
        return _delivered.Deliver(key, ObjectMetadata.ResourceVersionOf(change.Object), change.Generation)
            ? new ObjectChange(ObjectChangeKind.Unchanged, change.Target, change.Generation, key, default, change.ReceivedTimestamp)
            : new ObjectChange(ObjectChangeKind.Changed, change.Target, change.Generation, key, change.Object, change.ReceivedTimestamp, change.Page);
    }
}
