using System.Text.Json;
using KubeApiExporter.Flattener;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Flattener;

public class ConcurrencyTests
{
    [Fact]
    public void Parallel_flattening_with_shared_rules_gives_the_same_samples_and_instances()
    {
        var rules = FlattenRules.Compile("k8s", ShippedResources.Pod);
        using var doc = JsonDocument.Parse(KubeObjects.Pod);
        var root = doc.RootElement;
        var results = new CollectingSink[64];

        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var sink = new CollectingSink();
            ObjectFlattener.Flatten(rules, root, sink);
            results[i] = sink;
        });

        var first = results[0].Samples;
        foreach (var result in results)
        {
            Assert.Equal(first.Select(s => s.Text), result.Samples.Select(s => s.Text));
            for (var i = 0; i < first.Count; i++)
            {
                Assert.Same(first[i].Metric, result.Samples[i].Metric);
                Assert.Same(first[i].Help, result.Samples[i].Help);
            }
        }
    }

    [Fact]
    public void Rules_compiled_separately_do_not_share_caches()
    {
        var a = Flatten.Json(FlattenRules.Compile("k8s", ShippedResources.Pod), KubeObjects.Pod).Single("k8s_pod_spec_priority");
        var b = Flatten.Json(FlattenRules.Compile("k8s", ShippedResources.Pod), KubeObjects.Pod).Single("k8s_pod_spec_priority");

        Assert.Equal(a.Metric, b.Metric);
        Assert.NotSame(a.Metric, b.Metric);
    }

    [Fact]
    public void Compiled_rules_expose_the_resource_identity()
    {
        var rules = FlattenRules.Compile("k8s", ShippedResources.Node);

        Assert.Equal("node", rules.ResourceName);
        Assert.False(rules.Namespaced);
        Assert.Equal("v1", rules.ApiVersion);
        Assert.Equal("nodes", rules.Resource);
        Assert.Equal("k8s", rules.Prefix);
    }
}
