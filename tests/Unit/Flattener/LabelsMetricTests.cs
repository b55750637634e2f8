using Xunit;

namespace KubeApiExporter.Tests.Unit.Flattener;

public class LabelsMetricTests
{
    [Fact]
    public void Labels_metric_carries_namespace_object_name_and_every_object_label()
    {
        var sink = Flatten.Json(ShippedResources.Pod, KubeObjects.Pod);

        var labels = sink.Single("k8s_pod_labels");
        Assert.Equal("namespace,pod_name,app,app_kubernetes_io_name,pod_template_hash,tier", labels.LabelOrder);
        Assert.Equal("k8s_pod_labels{app=\"web\",app_kubernetes_io_name=\"web\",namespace=\"shop\",pod_name=\"web-7d4b9c8f6-x2x9k\",pod_template_hash=\"7d4b9c8f6\",tier=\"frontend\"} 1", labels.Text);
        Assert.Equal("metadata.labels of v1 pods", labels.Help);
    }

    [Fact]
    public void Labels_metric_matches_the_README_example()
    {
        var sink = Flatten.Json(ShippedResources.Pod, """{"metadata":{"name":"web-1","namespace":"default","labels":{"app":"web"}}}""");

        Assert.Equal(["k8s_pod_labels{app=\"web\",namespace=\"default\",pod_name=\"web-1\"} 1"], sink.Texts);
    }

    [Fact]
    public void Object_without_labels_still_gets_a_labels_metric()
    {
        var sink = Flatten.Json(ShippedResources.Pod, """{"metadata":{"name":"bare","namespace":"default"}}""");

        Assert.Equal("namespace,pod_name", sink.Single("k8s_pod_labels").LabelOrder);
    }

    [Fact]
    public void Object_label_keys_that_clash_are_prefixed_label_()
    {
        var sink = Flatten.Json(ShippedResources.Pod,
            """{"metadata":{"name":"p","namespace":"default","labels":{"namespace":"x","pod_name":"y","a.b":"1","a_b":"2","a-b":"3"}}}""");

        Assert.Equal("namespace,pod_name,label_namespace,label_pod_name,a_b,label_a_b,label_label_a_b", sink.Single("k8s_pod_labels").LabelOrder);
    }

    [Fact]
    public void Cluster_scoped_labels_metric_has_no_namespace()
    {
        var sink = Flatten.Json(ShippedResources.Node with { LabelsMetric = true }, KubeObjects.Node);

        Assert.Equal("node_name,kubernetes_io_hostname,node_kubernetes_io_instance_type", sink.Single("k8s_node_labels").LabelOrder);
    }

    [Fact]
    public void Labels_metric_is_off_by_default()
    {
        var sink = Flatten.Json(ShippedResources.Deployment, KubeObjects.Helloworld);

        Assert.Empty(sink.Of("k8s_deployment_labels"));
    }
}
