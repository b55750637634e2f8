using System.Globalization;
using System.Text.Json.Nodes;
using KubeApiExporter.Fetcher;
using KubeApiExporter.KubeApiServer;
using KubeApiExporter.Tests.Integration.Harness;
using KubeApiExporter.Tests.Shared;
using Xunit;

namespace KubeApiExporter.Tests.Integration.Scenarios;

/// <summary>
/// Sharding (README, "Sharding"), end to end: three exporters run with --shard I --total-shards 3 and one
/// without, against the same API server. The shards split the objects by metadata.uid (FNV-1a 64
/// mod 3) and, scraped together, are exactly the unsharded exporter.
/// </summary>
public sealed class ShardingTests : IAsyncLifetime
{
    private const int Pods = 150;
    private const int Deployments = 30;
    private const int TotalShards = 3;
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    private readonly List<ExporterProcess> _exporters = [];
    private TestServerBackend? _backend;

    public async Task InitializeAsync() => _backend = await TestServerBackend.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var e in _exporters)
            await e.DisposeAsync();
        if (_backend is not null)
            await _backend.DisposeAsync();
    }

    /// <summary>An object of the API server: its series labels and the shard its uid belongs to.</summary>
    private sealed record ApiObject(string Resource, string Namespace, string Name, int Shard);

    [Fact]
    public async Task Three_shards_are_disjoint_and_together_export_exactly_what_one_unsharded_exporter_does()
    {
        var server = _backend!.TestServer;
        for (var i = 0; i < Pods; i++)
            server.Create("v1", "pods", KubeObjects.Generated.Pod(i));
        for (var i = 0; i < Deployments; i++)
            server.Create("apps/v1", "deployments", KubeObjects.Generated.Deployment(i));
        var objects = server.List("v1", "pods").Select(o => Describe("pod", o))
            .Concat(server.List("apps/v1", "deployments").Select(o => Describe("deployment", o)))
            .ToList();
        Assert.Equal(Pods + Deployments, objects.Count);

        var config = ExporterConfigFiles.Write();
        var shards = Enumerable.Range(0, TotalShards)
            .Select(i => Start(config, "--shard", i.ToString(CultureInfo.InvariantCulture), "--total-shards", TotalShards.ToString(CultureInfo.InvariantCulture)))
            .ToArray();
        var unsharded = Start(config);
        foreach (var e in _exporters)
            await e.WaitReadyAsync(Startup);

        // Every exporter holds exactly the objects of its shard, and keeps holding them.
        var unshardedSamples = await SettledObjectSamplesAsync(unsharded, "unsharded", objects);
        var shardSamples = new HashSet<string>[TotalShards];
        for (var i = 0; i < TotalShards; i++)
        {
            var shard = i;
            shardSamples[i] = await SettledObjectSamplesAsync(shards[i], $"shard {i}", objects.Where(o => o.Shard == shard).ToList());
            Assert.NotEmpty(shardSamples[i]);
        }

        for (var i = 0; i < TotalShards; i++)
        {
            for (var j = i + 1; j < TotalShards; j++)
            {
                var both = shardSamples[i].Intersect(shardSamples[j]).Take(5).ToList();
                Assert.True(both.Count == 0, $"shards {i} and {j} both export:\n{string.Join("\n", both)}");
            }
        }
        var union = shardSamples.SelectMany(s => s).ToHashSet();
        var onlyUnsharded = unshardedSamples.Except(union).Take(10).ToList();
        var onlyShards = union.Except(unshardedSamples).Take(10).ToList();
        Assert.True(onlyUnsharded.Count == 0, $"exported unsharded but by no shard:\n{string.Join("\n", onlyUnsharded)}");
        Assert.True(onlyShards.Count == 0, $"exported by a shard but not unsharded:\n{string.Join("\n", onlyShards)}");
        Assert.Equal(unshardedSamples.Count, shardSamples.Sum(s => s.Count));
    }

    private ExporterProcess Start(string config, params string[] args)
    {
        var exporter = ExporterProcess.Start(config, _backend!.KubeconfigPath, args);
        _exporters.Add(exporter);
        return exporter;
    }

    private static ApiObject Describe(string resource, JsonObject obj)
    {
        var meta = obj["metadata"]!.AsObject();
        var uid = (string)meta["uid"]!;
        var shard = Enumerable.Range(0, TotalShards).Single(i => new ShardFilter(i, TotalShards).Keeps(uid));
        return new ApiObject(resource, (string)meta["namespace"]!, (string)meta["name"]!, shard);
    }

    /// <summary>
    /// Polls until kube_api_exporter_objects shows exactly the expected objects per resource and two
    /// consecutive scrapes give the same k8s_* samples, failing at once on a sample of an object
    /// outside <paramref name="expected"/>; returns
    /// those samples as canonical (name, sorted labels, value) strings.
    /// </summary>
    private static async Task<HashSet<string>> SettledObjectSamplesAsync(ExporterProcess exporter, string who, IReadOnlyList<ApiObject> expected)
    {
        var expectedKeys = expected.Select(o => (o.Resource, o.Namespace, o.Name)).ToHashSet();
        HashSet<string>? previous = null;
        HashSet<string>? settled = null;
        await exporter.WaitForAsync(m =>
        {
            var objectSamples = m.Samples.Where(s => s.Name.StartsWith("k8s_", StringComparison.Ordinal)).ToList();
            var stray = objectSamples.FirstOrDefault(s => !BelongsTo(s, expectedKeys))?.Line;
            Assert.True(stray is null, $"{who} exports a series of an object outside its shard: {stray}");
            if (m.Value("kube_api_exporter_objects", ("resource", "pod")) != expected.Count(o => o.Resource == "pod")
                || m.Value("kube_api_exporter_objects", ("resource", "deployment")) != expected.Count(o => o.Resource == "deployment"))
                return false;
            var current = objectSamples.Select(Canonical).ToHashSet();
            var stable = previous is not null && previous.SetEquals(current);
            previous = current;
            if (stable)
                settled = current;
            return stable;
        }, Settle, $"{who}: kube_api_exporter_objects at {expected.Count} objects and stable k8s_* samples");
        return settled!;
    }

    private static bool BelongsTo(Exposition.Sample sample, HashSet<(string Resource, string Namespace, string Name)> expected)
    {
        var resource = sample.Name.StartsWith("k8s_pod_", StringComparison.Ordinal) ? "pod"
            : sample.Name.StartsWith("k8s_deployment_", StringComparison.Ordinal) ? "deployment"
            : null;
        if (resource is null || !sample.Labels.TryGetValue("namespace", out var ns))
            return false;
        // Object samples label the object "name"; the labels and info metrics use "<kind>_name".
        var name = sample.Labels.TryGetValue("name", out var n) ? n : sample.Labels.GetValueOrDefault($"{resource}_name");
        return name is not null && expected.Contains((resource, ns, name));
    }

    private static string Canonical(Exposition.Sample s) =>
        s.Name + "{" + string.Join(",", s.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "} "
        + s.Value.ToString("R", CultureInfo.InvariantCulture);
}
