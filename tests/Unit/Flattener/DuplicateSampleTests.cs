using KubeApiExporter.Configuration;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Flattener;

public class DuplicateSampleTests
{
    private static readonly ResourceConfig Widget = new() { Name = "widget", ApiVersion = "example.com/v1", Resource = "widgets" };

    [Fact]
    public void Keys_that_sanitise_to_the_same_name_keep_only_the_first_sample()
    {
        var sink = Flatten.Json(Widget, """{"metadata":{"name":"w","namespace":"n"},"spec":{"max-surge":1,"max.surge":2,"max_surge":3}}""");

        Assert.Equal(["k8s_widget_spec_max_surge{name=\"w\",namespace=\"n\"} 1"], sink.Texts);
    }

    [Fact]
    public void Colliding_names_share_one_metric_instance_and_help()
    {
        var sink = Flatten.Json(Widget, """{"metadata":{"name":"w","namespace":"n"},"spec":{"items":[{"max-surge":1},{"max_surge":2}]}}""");

        var samples = sink.Samples;
        Assert.Equal(2, samples.Count); // different item labels: both kept
        Assert.Same(samples[0].Metric, samples[1].Metric);
        Assert.Same(samples[0].Help, samples[1].Help);
    }

    [Fact]
    public void Repeated_json_property_keeps_the_first_value()
    {
        var sink = Flatten.Json(Widget, """{"metadata":{"name":"w","namespace":"n"},"spec":{"a":1,"a":2}}""");

        Assert.Equal(["k8s_widget_spec_a{name=\"w\",namespace=\"n\"} 1"], sink.Texts);
    }

    [Fact]
    public void Items_with_the_same_list_key_keep_the_first()
    {
        var sink = Flatten.Json(ShippedResources.Deployment,
            """{"metadata":{"name":"d","namespace":"n"},"status":{"conditions":[{"type":"Ready","status":"True"},{"type":"Ready","status":"False"}]}}""");

        Assert.Equal(["k8s_deployment_status_status{conditions=\"Ready\",name=\"d\",namespace=\"n\"} 1"], sink.Texts);
    }

    [Fact]
    public void Same_metric_with_different_label_values_is_not_a_duplicate()
    {
        var sink = Flatten.Json(Widget, """{"metadata":{"name":"w","namespace":"n"},"spec":{"xs":[1,1,1]}}""");

        Assert.Equal(3, sink.Samples.Count);
    }

    [Fact]
    public void Label_values_that_only_differ_in_where_they_split_are_not_duplicates()
    {
        var sink = Flatten.Json(ShippedResources.Pod with { Info = [new() { Metric = "pair", Each = "spec.items", Labels = new() { ["a"] = "a", ["b"] = "b" } }], LabelsMetric = false },
            """{"metadata":{"name":"p","namespace":"n"},"spec":{"nodeName":"x","items":[{"a":"ab","b":"c"},{"a":"a","b":"bc"}]}}""");

        Assert.Equal(2, sink.Of("k8s_pod_pair").Count());
    }

    [Fact]
    public void Duplicates_are_tracked_per_object_not_across_objects()
    {
        var rules = KubeApiExporter.Flattener.FlattenRules.Compile("k8s", Widget);
        const string json = """{"metadata":{"name":"w","namespace":"n"},"spec":{"a":1}}""";

        Assert.Single(Flatten.Json(rules, json).Samples);
        Assert.Single(Flatten.Json(rules, json).Samples);
    }
}
