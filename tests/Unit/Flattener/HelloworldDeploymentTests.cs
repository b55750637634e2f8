using KubeApiExporter.Flattener;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Flattener;

public class HelloworldDeploymentTests
{
    [Fact]
    public void Helloworld_deployment_gives_exactly_the_eight_README_samples_among_its_output()
    {
        var sink = Flatten.Json(ShippedResources.Deployment, KubeObjects.Helloworld);

        string[] spec =
        [
            "k8s_deployment_metadata_generation{name=\"helloworld\",namespace=\"default\"} 2",
            "k8s_deployment_spec_replicas{name=\"helloworld\",namespace=\"default\"} 1",
            "k8s_deployment_spec_strategy_rollingUpdate_maxSurge{name=\"helloworld\",namespace=\"default\"} 1",
            "k8s_deployment_spec_template_spec_terminationGracePeriodSeconds{name=\"helloworld\",namespace=\"default\"} 30",
            "k8s_deployment_status_availableReplicas{name=\"helloworld\",namespace=\"default\"} 1",
            "k8s_deployment_status_observedGeneration{name=\"helloworld\",namespace=\"default\"} 2",
            "k8s_deployment_status_replicas{name=\"helloworld\",namespace=\"default\"} 1",
            "k8s_deployment_status_updatedReplicas{name=\"helloworld\",namespace=\"default\"} 1",
        ];
        var texts = sink.Texts.ToList();
        foreach (var line in spec)
            Assert.Single(texts, t => t == line);
        // Each of these metrics appears once, with exactly that sample.
        foreach (var line in spec)
            Assert.Single(sink.Of(line[..line.IndexOf('{')]));
    }

    [Fact]
    public void Helloworld_samples_label_name_then_namespace_as_the_README_writes_them()
    {
        var sink = Flatten.Json(ShippedResources.Deployment, KubeObjects.Helloworld);

        Assert.Equal("name,namespace", sink.Single("k8s_deployment_spec_replicas").LabelOrder);
    }

    [Fact]
    public void Help_names_the_dotted_path_api_version_and_plural()
    {
        var sink = Flatten.Json(ShippedResources.Deployment, KubeObjects.Helloworld);

        Assert.Equal("spec.replicas of apps/v1 deployments", sink.Single("k8s_deployment_spec_replicas").Help);
        Assert.Equal("spec.template.spec.containers.ports.containerPort of apps/v1 deployments",
            sink.Single("k8s_deployment_spec_template_spec_containerPort").Help);
    }

    [Fact]
    public void Helloworld_container_port_is_labelled_by_container_name_and_port_index()
    {
        var sink = Flatten.Json(ShippedResources.Deployment, KubeObjects.Helloworld);

        var port = sink.Single("k8s_deployment_spec_template_spec_containerPort");
        Assert.Equal("name,namespace,containers,ports", port.LabelOrder);
        Assert.Equal("helloworld", port.Label("containers"));
        Assert.Equal("0", port.Label("ports"));
        Assert.Equal(80, port.Value);
    }

    [Fact]
    public void Helloworld_resources_are_converted_from_quantities()
    {
        var sink = Flatten.Json(ShippedResources.Deployment, KubeObjects.Helloworld);

        Assert.Equal(0.1, sink.Single("k8s_deployment_spec_template_spec_resources_requests_cpu").Value);
        Assert.Equal(64 * 1024 * 1024, sink.Single("k8s_deployment_spec_template_spec_resources_requests_memory").Value);
        Assert.Equal(128 * 1024 * 1024, sink.Single("k8s_deployment_spec_template_spec_resources_limits_memory").Value);
    }

    [Fact]
    public void Percent_strings_outside_quantity_maps_are_skipped()
    {
        var sink = Flatten.Json(ShippedResources.Deployment, KubeObjects.Helloworld);

        Assert.Empty(sink.Of("k8s_deployment_spec_strategy_rollingUpdate_maxUnavailable"));
        Assert.Empty(sink.Of("k8s_deployment_spec_strategy_type"));
        Assert.Empty(sink.Of("k8s_deployment_metadata_resourceVersion"));
    }

    [Fact]
    public void Helloworld_creation_timestamp_becomes_unix_seconds()
    {
        var sink = Flatten.Json(ShippedResources.Deployment, KubeObjects.Helloworld);

        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero).ToUnixTimeSeconds(),
            sink.Single("k8s_deployment_metadata_creationTimestamp").Value);
    }

    [Fact]
    public void Helloworld_managed_fields_are_skipped()
    {
        var sink = Flatten.Json(ShippedResources.Deployment, KubeObjects.Helloworld);

        Assert.DoesNotContain(sink.Samples, s => s.Metric.Contains("managedFields"));
    }

    [Fact]
    public void Metric_and_help_are_the_same_string_instances_across_objects_and_calls()
    {
        var rules = FlattenRules.Compile("k8s", ShippedResources.Deployment);
        var first = Flatten.Json(rules, KubeObjects.Helloworld).Single("k8s_deployment_spec_replicas");
        var second = Flatten.Json(rules, KubeObjects.FailingDeployment).Single("k8s_deployment_spec_replicas");

        Assert.Same(first.Metric, second.Metric);
        Assert.Same(first.Help, second.Help);
    }

    [Fact]
    public void Samples_of_one_metric_in_one_object_share_metric_and_help_instances()
    {
        var sink = Flatten.Json(ShippedResources.Deployment, KubeObjects.FailingDeployment);

        var statuses = sink.Of("k8s_deployment_status_status").ToList();
        Assert.Equal(3, statuses.Count);
        Assert.All(statuses, s => Assert.Same(statuses[0].Metric, s.Metric));
        Assert.All(statuses, s => Assert.Same(statuses[0].Help, s.Help));
    }
}
