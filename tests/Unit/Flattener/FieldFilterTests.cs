using KubeApiExporter.Configuration;
using KubeApiExporter.Flattener;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Flattener;

public class FieldFilterTests
{
    private static CollectingSink PodWith(List<string>? include = null, List<string>? exclude = null) =>
        Flatten.Json(ShippedResources.Pod with { Include = include ?? [], Exclude = exclude ?? [], LabelsMetric = false, Info = [], States = [] }, KubeObjects.Pod);

    [Fact]
    public void Exclude_drops_the_matching_node_and_its_whole_subtree()
    {
        var sink = PodWith(exclude: ["spec.containers.**", "metadata"]);

        Assert.DoesNotContain(sink.Samples, s => s.Help.StartsWith("spec.containers", StringComparison.Ordinal));
        Assert.DoesNotContain(sink.Samples, s => s.Help.StartsWith("metadata", StringComparison.Ordinal));
        Assert.Single(sink.Of("k8s_pod_spec_terminationGracePeriodSeconds"));
    }

    [Fact]
    public void Exclude_glob_with_star_inside_a_segment()
    {
        var sink = PodWith(exclude: ["status.conditions.last*Time"]);

        Assert.Empty(sink.Of("k8s_pod_status_lastTransitionTime"));
        Assert.Equal(5, sink.Of("k8s_pod_status_status").Count());
    }

    [Fact]
    public void Include_keeps_only_matching_leaves()
    {
        var sink = PodWith(include: ["status.containerStatuses.restartCount", "spec.priority"]);

        Assert.Equal(["k8s_pod_spec_priority", "k8s_pod_status_restartCount", "k8s_pod_status_restartCount"], sink.Samples.Select(s => s.Metric).Order());
    }

    [Fact]
    public void Include_of_an_ancestor_keeps_its_whole_subtree()
    {
        var sink = PodWith(include: ["spec.containers"]);

        Assert.All(sink.Samples, s => Assert.StartsWith("spec.containers.", s.Help));
        Assert.Contains(sink.Samples, s => s.Metric == "k8s_pod_spec_livenessProbe_periodSeconds");
        Assert.Contains(sink.Samples, s => s.Metric == "k8s_pod_spec_resources_requests_cpu");
    }

    [Fact]
    public void Include_double_star_glob_matches_at_any_depth()
    {
        var sink = PodWith(include: ["**.periodSeconds"]);

        Assert.Equal(3, sink.Samples.Count);
        Assert.All(sink.Samples, s => Assert.EndsWith("Probe.periodSeconds of v1 pods", s.Help));
    }

    [Fact]
    public void Exclude_wins_over_include()
    {
        var sink = PodWith(include: ["spec.**"], exclude: ["spec.containers"]);

        Assert.DoesNotContain(sink.Samples, s => s.Help.StartsWith("spec.containers", StringComparison.Ordinal));
        Assert.Contains(sink.Samples, s => s.Metric == "k8s_pod_spec_priority");
        Assert.All(sink.Samples, s => Assert.StartsWith("spec.", s.Help));
    }

    [Fact]
    public void Managed_fields_are_kept_when_an_include_glob_names_them()
    {
        var sink = PodWith(include: ["metadata.managedFields.time"]);

        var times = sink.Of("k8s_pod_metadata_time").ToList();
        Assert.Equal(2, times.Count);
        Assert.Equal(["0", "1"], times.Select(t => t.Label("managedFields")));
    }

    [Fact]
    public void Include_that_cannot_reach_managed_fields_leaves_them_skipped()
    {
        var sink = PodWith(include: ["metadata.creationTimestamp"]);

        Assert.Equal(["k8s_pod_metadata_creationTimestamp"], sink.Samples.Select(s => s.Metric));
    }

    [Fact]
    public void Globs_see_list_keys_as_path_segments()
    {
        var sink = PodWith(include: ["spec.containers.ports.containerPort"]);

        Assert.Equal(3, sink.Samples.Count);
        Assert.All(sink.Samples, s => Assert.Equal("k8s_pod_spec_containerPort", s.Metric));
    }

    [Fact]
    public void Include_list_of_scalars_keeps_its_items()
    {
        var resource = new ResourceConfig { Name = "w", ApiVersion = "v1", Resource = "ws", Include = ["spec.args"] };
        var sink = Flatten.Json(resource, """{"metadata":{"name":"a","namespace":"b"},"spec":{"args":[1,2],"other":3}}""");

        Assert.Equal(["k8s_w_spec{args=\"0\",name=\"a\",namespace=\"b\"} 1", "k8s_w_spec{args=\"1\",name=\"a\",namespace=\"b\"} 2"], sink.Texts);
    }
}
