using System.Text.Json;
using System.Threading.Tasks.Dataflow;
using KubeApiExporter.Fetcher;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Fetcher;

/// <summary>
/// The fetch stage's filter: other shards' objects and nameless objects stop here, before any queue;
/// what goes on is keyed; its block passes changes on in order.
/// </summary>
public sealed class ChangeFilterTests
{
    private static readonly WatchTarget Target = new("pod", "", "v1", "pods", null, "", "");

    private static JsonElement Pod(string name, string uid, string? ns = "default", string rv = "1")
    {
        var namespaceField = ns is null ? "" : $"\"namespace\":\"{ns}\",";
        return JsonDocument.Parse($$$"""{"metadata":{"name":"{{{name}}}",{{{namespaceField}}}"uid":"{{{uid}}}","resourceVersion":"{{{rv}}}"}}""").RootElement;
    }

    private static FetchedChange Upsert(JsonElement obj, long generation = 1) => new(ChangeKind.Upsert, Target, generation, obj, 42);

    private static ChangeFilter Filter(ShardFilter? shard = null) => new(shard ?? ShardFilter.All, new BufferBlock<ObjectChange>(), CancellationToken.None);

    [Fact]
    public void A_kept_object_goes_on_keyed_by_namespace_and_name_with_its_object_and_timestamp()
    {
        var pod = Pod("web-1", "u-1");
        var change = Filter().Pass(Upsert(pod))!.Value;

        Assert.Equal(ObjectChangeKind.Changed, change.Kind);
        Assert.Equal("default/web-1", change.Key);
        Assert.Equal(pod, change.Object);
        Assert.Equal(42, change.ReceivedTimestamp);
        Assert.Equal("node-a", Filter().Pass(Upsert(Pod("node-a", "u-2", ns: null)))!.Value.Key);
    }

    [Fact]
    public void Objects_of_other_shards_stop_in_the_fetch_stage_and_each_shard_keeps_its_own()
    {
        // "a" hashes to 1 mod 3, "foobar" to 0 mod 3 (see ShardFilterTests).
        var shard0 = Filter(new ShardFilter(0, 3));
        var shard1 = Filter(new ShardFilter(1, 3));

        Assert.Null(shard0.Pass(Upsert(Pod("x", "a"))));
        Assert.NotNull(shard1.Pass(Upsert(Pod("x", "a"))));
        Assert.NotNull(shard0.Pass(Upsert(Pod("y", "foobar"))));
        Assert.Null(shard1.Pass(new FetchedChange(ChangeKind.Delete, Target, 1, Pod("y", "foobar"), 0)));
    }

    [Fact]
    public void Objects_without_a_name_stop_in_the_fetch_stage()
    {
        var filter = Filter();
        Assert.Null(filter.Pass(Upsert(JsonDocument.Parse("""{"metadata":{"resourceVersion":"9"}}""").RootElement)));
        Assert.Null(filter.Pass(Upsert(JsonDocument.Parse("42").RootElement)));
    }

    [Fact]
    public void List_ends_always_go_on_whatever_the_shard()
    {
        var change = Filter(new ShardFilter(2, 3)).Pass(new FetchedChange(ChangeKind.ListCompleted, Target, 5, default, 0))!.Value;
        Assert.Equal(ObjectChangeKind.ListCompleted, change.Kind);
        Assert.Equal(5, change.Generation);
    }

    [Fact]
    public void A_redelivery_of_the_same_version_goes_on_without_its_object_until_deleted()
    {
        var filter = Filter();
        Assert.Equal(ObjectChangeKind.Changed, filter.Pass(Upsert(Pod("web", "u", rv: "7")))!.Value.Kind);
        var again = filter.Pass(Upsert(Pod("web", "u", rv: "7"), generation: 2))!.Value;
        Assert.Equal(ObjectChangeKind.Unchanged, again.Kind);
        Assert.Equal(JsonValueKind.Undefined, again.Object.ValueKind);
        Assert.Equal(ObjectChangeKind.Changed, filter.Pass(Upsert(Pod("web", "u", rv: "8"), generation: 2))!.Value.Kind);

        Assert.Equal(ObjectChangeKind.Deleted, filter.Pass(new FetchedChange(ChangeKind.Delete, Target, 2, Pod("web", "u", rv: "8"), 0))!.Value.Kind);
        Assert.Equal(ObjectChangeKind.Changed, filter.Pass(Upsert(Pod("web", "u", rv: "8"), generation: 2))!.Value.Kind);
    }

    [Fact]
    public async Task Its_block_passes_kept_changes_on_in_order_and_drops_the_rest()
    {
        var queue = new BufferBlock<ObjectChange>();
        var filter = new ChangeFilter(new ShardFilter(0, 3), queue, CancellationToken.None);

        foreach (var (name, uid) in new[] { ("p1", "foobar"), ("p2", "a"), ("p3", "foobar") })
            Assert.True(await filter.Target.SendAsync(Upsert(Pod(name, uid))));
        Assert.True(await filter.Target.SendAsync(new FetchedChange(ChangeKind.ListCompleted, Target, 1, default, 0)));

        var received = new List<string>();
        for (var i = 0; i < 3; i++)
            received.Add((await queue.ReceiveAsync(TimeSpan.FromSeconds(5))) is var c && c.Kind == ObjectChangeKind.ListCompleted ? "end" : c.Key);
        Assert.Equal(["default/p1", "default/p3", "end"], received);
    }

    [Fact]
    public async Task A_full_queue_holds_the_watcher_back()
    {
        var queue = new BufferBlock<ObjectChange>(new DataflowBlockOptions { BoundedCapacity = 1 });
        var filter = new ChangeFilter(ShardFilter.All, queue, CancellationToken.None);

        Assert.True(await filter.Target.SendAsync(Upsert(Pod("p1", "u1"))));
        Assert.True(await filter.Target.SendAsync(Upsert(Pod("p2", "u2")))); // taken by the filter, waiting on the queue
        var third = filter.Target.SendAsync(Upsert(Pod("p3", "u3")));
        await Task.Delay(100);
        Assert.False(third.IsCompleted);

        Assert.Equal("default/p1", (await queue.ReceiveAsync(TimeSpan.FromSeconds(5))).Key);
        Assert.Equal("default/p2", (await queue.ReceiveAsync(TimeSpan.FromSeconds(5))).Key);
        Assert.True(await third.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("default/p3", (await queue.ReceiveAsync(TimeSpan.FromSeconds(5))).Key);
    }

    [Fact]
    public async Task A_queue_that_no_longer_accepts_faults_the_filter_instead_of_losing_changes_silently()
    {
        var queue = new BufferBlock<ObjectChange>();
        queue.Complete();
        var filter = new ChangeFilter(ShardFilter.All, queue, CancellationToken.None);

        await filter.Target.SendAsync(Upsert(Pod("p1", "u1")));

        var fault = await Assert.ThrowsAsync<InvalidOperationException>(() => filter.Target.Completion.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Contains("no longer accepts", fault.Message);
        Assert.False(await filter.Target.SendAsync(Upsert(Pod("p2", "u2"))));
    }
}
