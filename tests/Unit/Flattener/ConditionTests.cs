using KubeApiExporter.Flattener;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Flattener;

public class ConditionTests
{
    private static readonly CollectingSink Failing = Flatten.Json(ShippedResources.Deployment, KubeObjects.FailingDeployment);

    [Fact]
    public void Condition_status_True_False_Unknown_become_1_0_minus1()
    {
        Assert.Equal(1, Failing.Single("k8s_deployment_status_status", "conditions", "Available").Value);
        Assert.Equal(0, Failing.Single("k8s_deployment_status_status", "conditions", "Progressing").Value);
        Assert.Equal(-1, Failing.Single("k8s_deployment_status_status", "conditions", "ReplicaFailure").Value);
    }

    [Fact]
    public void Condition_status_sample_is_labelled_name_namespace_conditions()
    {
        var sample = Failing.Single("k8s_deployment_status_status", "conditions", "Available");

        Assert.Equal("k8s_deployment_status_status{conditions=\"Available\",name=\"api\",namespace=\"shop\"} 1", sample.Text);
        Assert.Equal("name,namespace,conditions", sample.LabelOrder);
        Assert.Equal("status.conditions.status of apps/v1 deployments", sample.Help);
    }

    [Fact]
    public void Condition_times_convert_including_numeric_offsets_and_fractions()
    {
        var expected = new DateTimeOffset(2026, 11, 20, 8, 20, 0, TimeSpan.Zero).ToUnixTimeSeconds() + 0.5;

        Assert.Equal(expected, Failing.Single("k8s_deployment_status_lastUpdateTime", "conditions", "ReplicaFailure").Value);
    }

    [Fact]
    public void Failing_rollout_is_visible_as_spec_replicas_differing_from_available()
    {
        Assert.Equal(3, Failing.Single("k8s_deployment_spec_replicas").Value);
        Assert.Equal(1, Failing.Single("k8s_deployment_status_updatedReplicas").Value);
        Assert.Equal(Failing.Single("k8s_deployment_metadata_generation").Value, Failing.Single("k8s_deployment_status_observedGeneration").Value);
    }

    [Fact]
    public void Status_strings_outside_conditions_are_not_converted()
    {
        var sink = Flatten.Json(ShippedResources.Deployment,
            """{"metadata":{"name":"d","namespace":"n"},"status":{"status":"True","other":[{"status":"True"}]}}""");

        Assert.Empty(sink.Samples);
    }

    [Fact]
    public void Other_condition_status_values_are_skipped()
    {
        var sink = Flatten.Json(ShippedResources.Deployment,
            """{"metadata":{"name":"d","namespace":"n"},"status":{"conditions":[{"type":"A","status":"true"},{"type":"B","status":"Maybe"}]}}""");

        Assert.Empty(sink.Samples);
    }

    [Fact]
    public void Condition_without_type_is_labelled_by_index()
    {
        var sink = Flatten.Json(ShippedResources.Deployment,
            """{"metadata":{"name":"d","namespace":"n"},"status":{"conditions":[{"type":"A","status":"True"},{"status":"False"}]}}""");

        Assert.Equal(0, sink.Single("k8s_deployment_status_status", "conditions", "1").Value);
    }

    [Fact]
    public void Configured_list_key_for_conditions_overrides_the_type_default()
    {
        var resource = ShippedResources.Deployment with { ListKeys = new() { ["conditions"] = "reason" } };
        var sink = Flatten.Json(resource, KubeObjects.FailingDeployment);

        Assert.Equal(0, sink.Single("k8s_deployment_status_status", "conditions", "ProgressDeadlineExceeded").Value);
        Assert.Equal(-1, sink.Single("k8s_deployment_status_status", "conditions", "2").Value); // no reason: index
    }

    [Fact]
    public void Configured_list_keys_merge_with_the_conditions_default()
    {
        var rules = FlattenRules.Compile("k8s", ShippedResources.Deployment);
        var sink = Flatten.Json(rules, KubeObjects.FailingDeployment);

        Assert.Single(sink.Of("k8s_deployment_status_status"), s => s.Label("conditions") == "Available");
        Assert.Single(sink.Of("k8s_deployment_spec_template_spec_containerPort"), s => s.Label("containers") == "api");
    }
}
