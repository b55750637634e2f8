using KubeApiExporter.Configuration;
using KubeApiExporter.Flattener;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Flattener;

public class InfoMetricTests
{
    [Fact]
    public void Images_info_gives_one_series_per_container()
    {
        var sink = Flatten.Json(ShippedResources.Pod, KubeObjects.Pod);

        var images = sink.Of("k8s_pod_images").ToList();
        Assert.Equal(
        [
            "k8s_pod_images{container_name=\"web\",image=\"registry.example.com/shop/web:1.14.2\",namespace=\"shop\",pod_name=\"web-7d4b9c8f6-x2x9k\"} 1",
            "k8s_pod_images{container_name=\"sidecar\",image=\"registry.example.com/infra/envoy:1.31.0\",namespace=\"shop\",pod_name=\"web-7d4b9c8f6-x2x9k\"} 1",
        ], images.Select(i => i.Text));
        Assert.All(images, i => Assert.Equal("namespace,pod_name,container_name,image", i.LabelOrder));
        Assert.All(images, i => Assert.Equal("spec.containers of v1 pods", i.Help));
    }

    [Fact]
    public void Info_label_missing_in_an_item_is_empty()
    {
        var sink = Flatten.Json(ShippedResources.Pod, """{"metadata":{"name":"p","namespace":"n"},"spec":{"containers":[{"name":"c"}]}}""");

        Assert.Equal("", sink.Single("k8s_pod_images").Label("image"));
    }

    [Fact]
    public void Info_without_the_list_emits_nothing()
    {
        var sink = Flatten.Json(ShippedResources.Pod, """{"metadata":{"name":"p","namespace":"n"},"spec":{"containers":{"name":"not-a-list"}}}""");

        Assert.Empty(sink.Of("k8s_pod_images"));
    }

    [Fact]
    public void Info_labels_follow_dotted_paths_inside_items()
    {
        var resource = new ResourceConfig
        {
            Name = "deployment", ApiVersion = "apps/v1", Resource = "deployments",
            Info = [new InfoConfig { Metric = "ports", Each = "spec.template.spec.containers", Labels = new() { ["container"] = "name", ["cpu"] = "resources.requests.cpu" } }],
        };
        var sink = Flatten.Json(resource, KubeObjects.Helloworld);

        Assert.Equal("k8s_deployment_ports{container=\"helloworld\",cpu=\"100m\",deployment_name=\"helloworld\",namespace=\"default\"} 1", sink.Single("k8s_deployment_ports").Text);
    }

    [Fact]
    public void Identical_info_items_are_emitted_once()
    {
        var sink = Flatten.Json(ShippedResources.Pod,
            """{"metadata":{"name":"p","namespace":"n"},"spec":{"containers":[{"name":"c","image":"i"},{"name":"c","image":"i"}]}}""");

        Assert.Single(sink.Of("k8s_pod_images"));
    }
}
