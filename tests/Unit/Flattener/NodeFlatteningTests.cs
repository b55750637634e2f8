using Xunit;

namespace KubeApiExporter.Tests.Unit.Flattener;

public class NodeFlatteningTests
{
    private static readonly CollectingSink Node = Flatten.Json(ShippedResources.Node, KubeObjects.Node);

    [Fact]
    public void Cluster_scoped_node_samples_have_no_namespace_label()
    {
        Assert.All(Node.Samples, s => Assert.Null(s.Label("namespace")));
        Assert.Equal("name", Node.Single("k8s_node_status_capacity_cpu").LabelOrder);
    }

    [Theory]
    [InlineData("k8s_node_status_capacity_cpu", 4)]
    [InlineData("k8s_node_status_capacity_memory", 16266544d * 1024)]
    [InlineData("k8s_node_status_capacity_ephemeral_storage", 101430960d * 1024)]
    [InlineData("k8s_node_status_capacity_pods", 110)]
    [InlineData("k8s_node_status_capacity_hugepages_2Mi", 0)]
    [InlineData("k8s_node_status_allocatable_cpu", 3.92)]
    [InlineData("k8s_node_status_allocatable_memory", 15115568d * 1024)]
    [InlineData("k8s_node_status_allocatable_ephemeral_storage", 93478772582)]
    public void Capacity_and_allocatable_quantities_convert(string metric, double expected)
    {
        Assert.Equal(expected, Node.Single(metric).Value, 9);
    }

    [Fact]
    public void Node_conditions_keyed_by_type()
    {
        Assert.Equal(1, Node.Single("k8s_node_status_status", "conditions", "Ready").Value);
        Assert.Equal(0, Node.Single("k8s_node_status_status", "conditions", "MemoryPressure").Value);
    }

    [Fact]
    public void Node_numbers_in_nested_lists_and_capitalised_keys_are_kept()
    {
        Assert.Equal(10250, Node.Single("k8s_node_status_daemonEndpoints_kubeletEndpoint_Port").Value);
        Assert.Equal(52428800, Node.Single("k8s_node_status_sizeBytes", "images", "0").Value);
    }

    [Fact]
    public void Namespace_in_metadata_of_cluster_scoped_kind_is_ignored()
    {
        var sink = Flatten.Json(ShippedResources.Node, """{"metadata":{"name":"n1","namespace":"x"},"spec":{"a":1}}""");

        Assert.Equal("name", sink.Single("k8s_node_spec_a").LabelOrder);
    }
}
