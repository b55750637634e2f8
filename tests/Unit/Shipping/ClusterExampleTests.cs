using System.Text.RegularExpressions;
using KubeApiExporter.Host.Cli;
using KubeApiExporter.Configuration;
using KubeApiExporter.Tests.Shared;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace KubeApiExporter.Tests.Unit.Shipping;

/// <summary>
/// examples/cluster.yaml and its alert rules fit together: the config loads, and every object metric
/// the rules in examples/cluster-alerts.yaml query is what `render` makes of realistic broken objects
/// (examples/cluster-objects.json), so no rule waits forever on a name the exporter never writes.
/// </summary>
public sealed partial class ClusterExampleTests
{
    private static string Example(string file) => Path.Combine(AppContext.BaseDirectory, "examples", file);

    [Fact]
    public void The_cluster_config_loads_with_kube_state_metrics_default_kinds()
    {
        var loaded = ConfigLoader.LoadFile(Example("cluster.yaml"));

        Assert.True(loaded.Ok, loaded.ToString());
        Assert.Equal(
            ["pod", "deployment", "statefulset", "replicaset", "daemonset", "job", "cronjob", "hpa", "pdb", "service", "pvc", "pv", "node", "namespace"],
            loaded.Config!.Resources.Select(r => r.Name));
        Assert.Equal(["batch/v1", "autoscaling/v2", "policy/v1"],
            loaded.Config.Resources.Where(r => r.Name is "cronjob" or "hpa" or "pdb").Select(r => r.ApiVersion));
    }

    [Fact]
    public void The_cluster_ClusterRole_grants_get_list_watch_on_exactly_the_kinds_of_the_cluster_config()
    {
        var config = ConfigLoader.LoadFile(Example("cluster.yaml")).Config!;
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Example("cluster-clusterrole.yaml"))));
        var root = (YamlMappingNode)yaml.Documents.Single().RootNode;

        var granted = new HashSet<string>();
        foreach (var rule in ((YamlSequenceNode)root["rules"]).Cast<YamlMappingNode>())
        {
            Assert.Equal(["get", "list", "watch"], ((YamlSequenceNode)rule["verbs"]).Select(v => ((YamlScalarNode)v).Value));
            foreach (var group in (YamlSequenceNode)rule["apiGroups"])
            foreach (var resource in (YamlSequenceNode)rule["resources"])
                granted.Add($"{((YamlScalarNode)group).Value}/{((YamlScalarNode)resource).Value}");
        }

        Assert.Equal(config.Resources.Select(r => $"{r.Group}/{r.Resource}").Order(), granted.Order());
    }

    [Fact]
    public async Task Every_metric_the_cluster_alerts_query_is_rendered_from_the_example_objects()
    {
        var config = ConfigLoader.LoadFile(Example("cluster.yaml")).Config!;
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await RenderCommand.RunAsync(config, Example("cluster-objects.json"), null, stdout, stderr);

        Assert.True(code == 0, stderr.ToString());
        var rendered = Exposition.Parse(stdout.ToString()).Samples.Select(s => s.Name).ToHashSet();
        var queried = MetricName().Matches(File.ReadAllText(Example("cluster-alerts.yaml"))).Select(m => m.Value).ToHashSet();
        Assert.True(queried.Count >= 30, $"only {queried.Count} metrics found in the rules");
        Assert.Empty(queried.Where(m => !rendered.Contains(m)).Order());
    }

    [Fact]
    public async Task Render_shows_the_crash_loop_the_image_pull_the_pending_claim_and_the_percentages()
    {
        var config = ConfigLoader.LoadFile(Example("cluster.yaml")).Config!;
        var stdout = new StringWriter();

        await RenderCommand.RunAsync(config, Example("cluster-objects.json"), null, stdout, new StringWriter());

        var samples = Exposition.Parse(stdout.ToString()).Samples.Select(s => s.Canonical).ToHashSet();
        string[] expected =
        [
            Canonical("k8s_pod_status_containerStatuses_state_waiting_reason", 1, ("containerStatuses", "web"), ("name", "web-5d9c7b-qx2lp"), ("namespace", "shop"), ("node", "node-a-1"), ("reason", "CrashLoopBackOff")),
            Canonical("k8s_pod_status_containerStatuses_state_waiting_reason", 1, ("containerStatuses", "api"), ("name", "api-7f8d9-zz4kq"), ("namespace", "shop"), ("node", "node-a-2"), ("reason", "ImagePullBackOff")),
            Canonical("k8s_pvc_status_phase", 1, ("name", "data-db-2"), ("namespace", "shop"), ("phase", "Pending")),
            Canonical("k8s_pvc_status_phase", 0, ("name", "data-db-2"), ("namespace", "shop"), ("phase", "Bound")),
            Canonical("k8s_deployment_spec_strategy_rollingUpdate_maxSurge_percent", 25, ("name", "api"), ("namespace", "shop")),
            Canonical("k8s_pdb_spec_minAvailable_percent", 50, ("name", "web"), ("namespace", "shop")),
            Canonical("k8s_node_status_status", -1, ("conditions", "Ready"), ("name", "node-a-2")),
        ];
        Assert.All(expected, e => Assert.Contains(e, samples));
        // HPA quantity targets are excluded rather than misread as durations.
        Assert.DoesNotContain(samples, s => s.Contains("averageValue", StringComparison.Ordinal));
    }

    private static string Canonical(string name, double value, params (string, string)[] labels) =>
        new Exposition.Sample(name, labels.ToDictionary(l => l.Item1, l => l.Item2), value, "").Canonical;

    [GeneratedRegex(@"\bk8s_[A-Za-z0-9_]+")]
    private static partial Regex MetricName();
}
