using KubeApiExporter.Configuration;
using KubeApiExporter.Flattener;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Flattener;

public class MetricNameTests
{
    private static readonly ResourceConfig Widget = new() { Name = "widget", ApiVersion = "example.com/v1", Resource = "widgets" };

    private static CollectingSink FlattenSpec(string spec) =>
        Flatten.Json(Widget, $$"""{"metadata":{"name":"w","namespace":"n"},"spec":{{spec}}}""");

    [Theory]
    [InlineData("""{"rollingUpdate":{"maxSurge":1}}""", "k8s_widget_spec_rollingUpdate_maxSurge")]
    [InlineData("""{"max-surge":1}""", "k8s_widget_spec_max_surge")]
    [InlineData("""{"example.com/weight":1}""", "k8s_widget_spec_example_com_weight")]
    [InlineData("""{"größe":1}""", "k8s_widget_spec_gr__e")]
    [InlineData("""{"emoji😀":1}""", "k8s_widget_spec_emoji_")]
    [InlineData("""{"0day":1}""", "k8s_widget_spec_0day")]
    [InlineData("""{"":1}""", "k8s_widget_spec_")]
    [InlineData("""{"a b\"c":1}""", "k8s_widget_spec_a_b_c")]
    public void Metric_names_are_sanitised_and_keep_case(string spec, string metric)
    {
        Assert.Equal(metric, FlattenSpec(spec).Samples.Single().Metric);
    }

    [Fact]
    public void Metric_name_starting_with_a_digit_gets_an_underscore()
    {
        var sink = Flatten.Json(Widget, """{"metadata":{"name":"w","namespace":"n"},"spec":{"a":1}}""", prefix: "9k");

        Assert.Equal("_9k_widget_spec_a", sink.Samples.Single().Metric);
    }

    [Fact]
    public void Resource_name_is_sanitised_in_metric_and_object_name_label()
    {
        var sink = Flatten.Json(Widget with { Name = "my-widget", LabelsMetric = true }, """{"metadata":{"name":"w","namespace":"n"},"spec":{"a":1}}""");

        Assert.Single(sink.Of("k8s_my_widget_spec_a"));
        Assert.Equal("my_widget_name,namespace", sink.Single("k8s_my_widget_labels").LabelOrder);
    }

    [Fact]
    public void List_key_leaves_the_metric_name_and_labels_the_item()
    {
        var sink = FlattenSpec("""{"replicas":[{"count":4}]}""");

        var sample = sink.Samples.Single();
        Assert.Equal("k8s_widget_spec_count", sample.Metric);
        Assert.Equal("0", sample.Label("replicas"));
        Assert.Equal("spec.replicas.count of example.com/v1 widgets", sample.Help);
    }

    [Fact]
    public void Help_keeps_backslashes_newlines_and_quotes_of_keys_raw_for_the_exposition_writer_to_escape()
    {
        var sample = FlattenSpec("""{"a\\b\nc\"d":1}""").Samples.Single();

        // Escaping is the exposition writer's, per format (see RenderCommandTests): escaped here too, it came out twice.
        Assert.Equal("spec.a\\b\nc\"d of example.com/v1 widgets", sample.Help);
        Assert.Equal("k8s_widget_spec_a_b_c_d", sample.Metric);
    }

    [Fact]
    public void Escaped_json_keys_are_unescaped_before_naming()
    {
        var sample = FlattenSpec("""{"\u0061bc":1}""").Samples.Single();

        Assert.Equal("k8s_widget_spec_abc", sample.Metric);
        Assert.Equal("spec.abc of example.com/v1 widgets", sample.Help);
    }

    [Fact]
    public void Same_path_as_list_in_one_object_and_map_in_another_gets_each_its_own_name()
    {
        var rules = FlattenRules.Compile("k8s", Widget);
        var asList = Flatten.Json(rules, """{"metadata":{"name":"w","namespace":"n"},"spec":{"x":[{"y":1}]}}""").Samples.Single();
        var asMap = Flatten.Json(rules, """{"metadata":{"name":"w","namespace":"n"},"spec":{"x":{"y":1}}}""").Samples.Single();
        var asListAgain = Flatten.Json(rules, """{"metadata":{"name":"v","namespace":"n"},"spec":{"x":[{"y":2}]}}""").Samples.Single();

        Assert.Equal("k8s_widget_spec_y", asList.Metric);
        Assert.Equal("k8s_widget_spec_x_y", asMap.Metric);
        Assert.Same(asList.Metric, asListAgain.Metric);
    }
}
