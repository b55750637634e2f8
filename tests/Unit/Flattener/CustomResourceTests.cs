using KubeApiExporter.Configuration;
using KubeApiExporter.Flattener;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Flattener;

public class CustomResourceTests
{
    private static readonly ResourceConfig Certificate = new()
    {
        Name = "certificate", ApiVersion = "cert-manager.io/v1", Resource = "certificates",
    };

    [Fact]
    public void Certificate_expiry_is_exported_as_unix_seconds()
    {
        var sink = Flatten.Json(Certificate, KubeObjects.Certificate);

        var notAfter = sink.Single("k8s_certificate_status_notAfter");
        Assert.Equal(new DateTimeOffset(2026, 12, 30, 0, 0, 30, TimeSpan.Zero).ToUnixTimeSeconds(), notAfter.Value);
        Assert.Equal("status.notAfter of cert-manager.io/v1 certificates", notAfter.Help);
        Assert.Equal("name,namespace", notAfter.LabelOrder);
    }

    [Fact]
    public void Certificate_numbers_and_ready_condition_are_exported()
    {
        var sink = Flatten.Json(Certificate, KubeObjects.Certificate);

        Assert.Equal(256, sink.Single("k8s_certificate_spec_privateKey_size").Value);
        Assert.Equal(2, sink.Single("k8s_certificate_status_revision").Value);
        Assert.Equal(1, sink.Single("k8s_certificate_status_status", "conditions", "Ready").Value);
        Assert.Equal(3, sink.Single("k8s_certificate_status_observedGeneration", "conditions", "Ready").Value);
        Assert.Empty(sink.Of("k8s_certificate_spec_duration")); // Go durations are not converted
    }

    [Fact]
    public void Custom_widget_with_arbitrary_shape_is_flattened()
    {
        var widget = new ResourceConfig
        {
            Name = "widget", ApiVersion = "example.com/v1alpha1", Resource = "widgets",
            ListKeys = new() { ["gears"] = "id", ["spec.stages"] = "stage" },
        };
        var sink = Flatten.Json(widget, """
            {"apiVersion":"example.com/v1alpha1","kind":"Widget","metadata":{"name":"w1","namespace":"lab"},
             "spec":{"size":3,"ratio":0.75,"enabled":true,"gears":[{"id":"g1","teeth":12},{"id":"g2","teeth":20}],
                     "stages":[{"stage":"build","budget":{"requests":{"cpu":"2"}}}],
                     "weights":[0.1,0.2]},
             "status":{"scores":[[1,2],[3]]}}
            """);

        Assert.Equal(3, sink.Single("k8s_widget_spec_size").Value);
        Assert.Equal(0.75, sink.Single("k8s_widget_spec_ratio").Value);
        Assert.Equal(20, sink.Single("k8s_widget_spec_teeth", "gears", "g2").Value);
        Assert.Equal(2, sink.Single("k8s_widget_spec_budget_requests_cpu", "stages", "build").Value);
        Assert.Equal(0.2, sink.Single("k8s_widget_spec", "weights", "1").Value);
        var nested = sink.Of("k8s_widget_status").Select(s => s.Text).ToList();
        Assert.Equal(
        [
            "k8s_widget_status{label_scores=\"0\",name=\"w1\",namespace=\"lab\",scores=\"0\"} 1",
            "k8s_widget_status{label_scores=\"1\",name=\"w1\",namespace=\"lab\",scores=\"0\"} 2",
            "k8s_widget_status{label_scores=\"0\",name=\"w1\",namespace=\"lab\",scores=\"1\"} 3",
        ], nested);
    }

    [Fact]
    public void Dotted_list_key_applies_to_that_path_only()
    {
        var widget = new ResourceConfig
        {
            Name = "widget", ApiVersion = "example.com/v1", Resource = "widgets",
            ListKeys = new() { ["spec.stages"] = "stage" },
        };
        var sink = Flatten.Json(widget, """
            {"metadata":{"name":"w1","namespace":"lab"},
             "spec":{"stages":[{"stage":"build","n":1}]},"status":{"stages":[{"stage":"build","m":1}]}}
            """);

        Assert.Equal("build", sink.Single("k8s_widget_spec_n").Label("stages"));
        Assert.Equal("0", sink.Single("k8s_widget_status_m").Label("stages"));
    }

    [Fact]
    public void List_key_value_that_is_not_a_string_falls_back_to_the_index()
    {
        var widget = new ResourceConfig
        {
            Name = "widget", ApiVersion = "example.com/v1", Resource = "widgets",
            ListKeys = new() { ["gears"] = "id" },
        };
        var sink = Flatten.Json(widget, """{"metadata":{"name":"w1","namespace":"lab"},"spec":{"gears":[{"id":7,"teeth":12},{"teeth":13}]}}""");

        Assert.Equal(["0", "1"], sink.Of("k8s_widget_spec_teeth").Select(s => s.Label("gears")));
    }

    [Fact]
    public void Empty_prefix_starts_metric_names_with_the_resource_name()
    {
        var sink = Flatten.Json(Certificate, KubeObjects.Certificate, prefix: "");

        Assert.Single(sink.Of("certificate_spec_privateKey_size"));
    }
}
