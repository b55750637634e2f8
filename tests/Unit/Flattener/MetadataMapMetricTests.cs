using KubeApiExporter.Configuration;
using KubeApiExporter.Flattener;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Flattener;

public class MetadataMapMetricTests
{
    private static ResourceConfig Pod(List<string> labelKeys, List<string> annotations) =>
        ShippedResources.Pod with { LabelsMetric = labelKeys.Count > 0, LabelsMetricKeys = labelKeys, AnnotationsMetric = annotations, Info = [] };

    [Fact]
    public void A_labels_allowlist_exports_only_the_listed_keys_and_globs()
    {
        var sink = Flatten.Json(Pod(["app", "app.kubernetes.io/*"], []), StringObjects.CrashLoopingPod);

        Assert.Equal("k8s_pod_labels{app=\"web\",app_kubernetes_io_name=\"web\",namespace=\"shop\",pod_name=\"web-5d9c7b-qx2lp\"} 1",
            sink.Single("k8s_pod_labels").Text);
    }

    [Fact]
    public void A_labels_allowlist_that_matches_nothing_still_gives_the_identity_series()
    {
        var sink = Flatten.Json(Pod(["team"], []), StringObjects.CrashLoopingPod);

        Assert.Equal("namespace,pod_name", sink.Single("k8s_pod_labels").LabelOrder);
    }

    [Fact]
    public void The_annotations_metric_exports_listed_annotation_keys_only_prefixed_annotation_()
    {
        var sink = Flatten.Json(Pod([], ["prometheus.io/*"]), StringObjects.CrashLoopingPod);

        var annotations = sink.Single("k8s_pod_annotations");
        Assert.Equal("k8s_pod_annotations{annotation_prometheus_io_scrape=\"true\",namespace=\"shop\",pod_name=\"web-5d9c7b-qx2lp\"} 1", annotations.Text);
        Assert.Equal("metadata.annotations of v1 pods", annotations.Help);
        Assert.Empty(sink.Of("k8s_pod_labels"));
    }

    [Fact]
    public void Without_annotationsMetric_there_is_no_annotations_metric()
    {
        var sink = Flatten.Json(ShippedResources.Pod, StringObjects.CrashLoopingPod);

        Assert.Empty(sink.Of("k8s_pod_annotations"));
    }

    [Fact]
    public void The_allowlist_decision_is_per_key_across_many_objects()
    {
        var rules = FlattenRules.Compile("k8s", Pod(["keep-*"], []));
        for (var i = 0; i < 50; i++)
        {
            var json = "{\"metadata\":{\"name\":\"p" + i + "\",\"namespace\":\"n\",\"labels\":{\"keep-" + (i % 5) + "\":\"a\",\"drop-" + i + "\":\"b\"}}}";
            var sink = Flatten.Json(rules, json);
            Assert.Equal($"namespace,pod_name,keep_{i % 5}", sink.Single("k8s_pod_labels").LabelOrder);
        }
    }
}
