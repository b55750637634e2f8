using KubeApiExporter.Configuration;
using KubeApiExporter.Flattener;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Flattener;

public class LabelTests
{
    private static ResourceConfig Widget(Dictionary<string, string> labels, bool namespaced = true) => new()
    {
        Name = "widget", ApiVersion = "example.com/v1", Resource = "widgets", Namespaced = namespaced, Labels = labels,
    };

    [Fact]
    public void Extra_labels_come_from_string_fields_after_list_labels()
    {
        var sink = Flatten.Json(Widget(new() { ["node"] = "spec.nodeName", ["zone"] = "metadata.labels.zone" }),
            """{"metadata":{"name":"w","namespace":"n","labels":{"zone":"z1"}},"spec":{"nodeName":"node-1","items":[{"a":1}]}}""");

        var a = sink.Single("k8s_widget_spec_a");
        Assert.Equal("name,namespace,items,node,zone", a.LabelOrder);
        Assert.Equal("node-1", a.Label("node"));
        Assert.Equal("z1", a.Label("zone"));
    }

    [Fact]
    public void Missing_extra_label_field_gives_empty_value()
    {
        var sink = Flatten.Json(ShippedResources.Pod, """{"metadata":{"name":"pending","namespace":"n"},"spec":{"priority":0}}""");

        Assert.Equal("", sink.Single("k8s_pod_spec_priority").Label("node"));
    }

    [Fact]
    public void Non_string_extra_label_field_uses_its_json_text_and_objects_give_empty()
    {
        var sink = Flatten.Json(Widget(new() { ["size"] = "spec.size", ["flag"] = "spec.flag", ["obj"] = "spec" }),
            """{"metadata":{"name":"w","namespace":"n"},"spec":{"size":3,"flag":true}}""");

        var sample = sink.Single("k8s_widget_spec_size");
        Assert.Equal("3", sample.Label("size"));
        Assert.Equal("true", sample.Label("flag"));
        Assert.Equal("", sample.Label("obj"));
    }

    [Fact]
    public void Extra_label_named_like_a_base_label_is_prefixed_label_()
    {
        var sink = Flatten.Json(Widget(new() { ["name"] = "spec.owner", ["namespace"] = "spec.owner" }),
            """{"metadata":{"name":"w","namespace":"n"},"spec":{"owner":"team-a","size":1}}""");

        var sample = sink.Single("k8s_widget_spec_size");
        Assert.Equal("name,namespace,label_name,label_namespace", sample.LabelOrder);
        Assert.Equal("team-a", sample.Label("label_name"));
        Assert.Equal("w", sample.Label("name"));
    }

    [Fact]
    public void Extra_label_clashing_with_a_list_label_is_prefixed_only_where_the_list_is()
    {
        var sink = Flatten.Json(Widget(new() { ["containers"] = "spec.owner" }),
            """{"metadata":{"name":"w","namespace":"n"},"spec":{"owner":"o","size":1,"containers":[{"cpu":2}]}}""");

        Assert.Equal("name,namespace,containers", sink.Single("k8s_widget_spec_size").LabelOrder);
        Assert.Equal("name,namespace,containers,label_containers", sink.Single("k8s_widget_spec_cpu").LabelOrder);
    }

    [Fact]
    public void Label_prefix_repeats_until_the_name_is_free()
    {
        var sink = Flatten.Json(Widget(new() { ["name"] = "spec.owner", ["label_name"] = "spec.owner" }),
            """{"metadata":{"name":"w","namespace":"n"},"spec":{"owner":"o","size":1}}""");

        Assert.Equal("name,namespace,label_name,label_label_name", sink.Single("k8s_widget_spec_size").LabelOrder);
    }

    [Fact]
    public void List_named_name_gets_a_prefixed_label()
    {
        var sink = Flatten.Json(Widget([]), """{"metadata":{"name":"w","namespace":"n"},"spec":{"name":[5]}}""");

        var sample = sink.Single("k8s_widget_spec");
        Assert.Equal("name,namespace,label_name", sample.LabelOrder);
        Assert.Equal("0", sample.Label("label_name"));
    }

    [Fact]
    public void Extra_label_names_are_sanitised()
    {
        var sink = Flatten.Json(Widget(new() { ["team.example.com/owner"] = "spec.owner", ["1st"] = "spec.owner" }),
            """{"metadata":{"name":"w","namespace":"n"},"spec":{"owner":"o","size":1}}""");

        Assert.Equal("name,namespace,team_example_com_owner,_1st", sink.Single("k8s_widget_spec_size").LabelOrder);
    }

    [Fact]
    public void Namespaced_kind_without_namespace_gets_empty_namespace()
    {
        var sink = Flatten.Json(Widget([]), """{"metadata":{"name":"w"},"spec":{"size":1}}""");

        Assert.Equal("", sink.Single("k8s_widget_spec_size").Label("namespace"));
    }
}
