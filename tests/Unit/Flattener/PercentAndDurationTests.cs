using System.Text;
using KubeApiExporter.Configuration;
using KubeApiExporter.Flattener;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Flattener;

public class PercentAndDurationTests
{
    private static readonly ResourceConfig Certificate = new() { Name = "certificate", ApiVersion = "cert-manager.io/v1", Resource = "certificates" };

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("2160h0m0s", 7_776_000)]
    [InlineData("360h", 1_296_000)]
    [InlineData("1.5h", 5400)]
    [InlineData("250ms", 0.25)]
    [InlineData("10us", 10e-6)]
    [InlineData("10µs", 10e-6)]
    [InlineData("3ns", 3e-9)]
    [InlineData("1m30.5s", 90.5)]
    [InlineData("-1m", -60)]
    [InlineData("0s", 0)]
    public void Go_durations_parse_to_seconds(string text, double expected)
    {
        Assert.True(GoDuration.TryParseSeconds(Encoding.UTF8.GetBytes(text), out var seconds));
        Assert.Equal(expected, seconds, 12);
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("s")]
    [InlineData("5min")]
    [InlineData("1d")]
    [InlineData("10Gi")]
    [InlineData("1h 30m")]
    [InlineData("1..5s")]
    [InlineData(".s")]
    [InlineData("-")]
    public void Other_strings_are_not_durations(string text)
    {
        Assert.False(GoDuration.TryParseSeconds(Encoding.UTF8.GetBytes(text), out _));
    }

    [Theory]
    [InlineData("25%", 25)]
    [InlineData("100%", 100)]
    [InlineData("12.5%", 12.5)]
    [InlineData("0%", 0)]
    public void Percentages_parse(string text, double expected)
    {
        Assert.True(Percentage.TryParse(Encoding.UTF8.GetBytes(text), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("%")]
    [InlineData("25")]
    [InlineData("25 %")]
    [InlineData("-5%")]
    [InlineData(".5%")]
    [InlineData("5.%")]
    [InlineData("1.2.3%")]
    [InlineData("25%%")]
    public void Other_strings_are_not_percentages(string text)
    {
        Assert.False(Percentage.TryParse(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void MaxSurge_25_percent_becomes_a_percent_series_beside_the_numbers()
    {
        var sink = Flatten.Json(ShippedResources.Deployment, StringObjects.DefaultStrategyDeployment);

        var surge = sink.Single("k8s_deployment_spec_strategy_rollingUpdate_maxSurge_percent");
        Assert.Equal("k8s_deployment_spec_strategy_rollingUpdate_maxSurge_percent{name=\"api\",namespace=\"shop\"} 25", surge.Text);
        Assert.Equal("spec.strategy.rollingUpdate.maxSurge (N% as N) of apps/v1 deployments", surge.Help);
        Assert.Equal(12.5, sink.Single("k8s_deployment_spec_strategy_rollingUpdate_maxUnavailable_percent").Value);
        // The string is not also exported under the plain name: that name keeps meaning "a number of pods".
        Assert.Empty(sink.Of("k8s_deployment_spec_strategy_rollingUpdate_maxSurge"));
    }

    [Fact]
    public void Quantities_keep_their_meaning_inside_resource_maps_where_5m_is_millicores()
    {
        var sink = Flatten.Json(ShippedResources.Deployment, StringObjects.DefaultStrategyDeployment);

        Assert.Equal(0.005, sink.Single("k8s_deployment_spec_template_spec_resources_requests_cpu").Value);
        Assert.DoesNotContain(sink.Samples, s => s.Metric.EndsWith("_cpu_seconds", StringComparison.Ordinal));
    }

    [Fact]
    public void A_certificate_duration_and_renewBefore_become_seconds()
    {
        var sink = Flatten.Json(Certificate, StringObjects.Certificate);

        var duration = sink.Single("k8s_certificate_spec_duration_seconds");
        Assert.Equal("k8s_certificate_spec_duration_seconds{name=\"shop-tls\",namespace=\"shop\"} 7776000", duration.Text);
        Assert.Equal("spec.duration (duration in seconds) of cert-manager.io/v1 certificates", duration.Help);
        Assert.Equal(1_296_000, sink.Single("k8s_certificate_spec_renewBefore_seconds").Value);
        // Timestamps beside them stay Unix seconds under their own names.
        Assert.Equal(new DateTimeOffset(2027, 1, 30, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), sink.Single("k8s_certificate_status_notAfter").Value);
        Assert.Equal(1, sink.Single("k8s_certificate_status_status", "conditions", "Ready").Value);
    }

    [Fact]
    public void Percentages_and_durations_in_lists_of_strings_convert_too()
    {
        var widget = new ResourceConfig { Name = "widget", ApiVersion = "example.com/v1", Resource = "widgets" };

        var sink = Flatten.Json(widget, """{"metadata":{"name":"w","namespace":"n"},"spec":{"steps":["10%","30s","canary"]}}""");

        // As for a list of numbers, the list key labels the items instead of naming the metric.
        Assert.Equal(["k8s_widget_spec_percent{name=\"w\",namespace=\"n\",steps=\"0\"} 10", "k8s_widget_spec_seconds{name=\"w\",namespace=\"n\",steps=\"1\"} 30"],
            sink.Texts);
    }

    [Fact]
    public void Ordinary_strings_that_start_with_a_digit_stay_skipped()
    {
        var widget = new ResourceConfig { Name = "widget", ApiVersion = "example.com/v1", Resource = "widgets" };

        var sink = Flatten.Json(widget,
            """{"metadata":{"name":"w","namespace":"n"},"spec":{"ip":"10.0.0.1","version":"1.29","port":"8080","size":"10Gi","id":"3f2a","cidr":"10.244.0.0/16"}}""");

        Assert.Empty(sink.Samples);
    }

    [Fact]
    public void Escaped_percent_and_duration_strings_convert_like_plain_ones()
    {
        var widget = new ResourceConfig { Name = "widget", ApiVersion = "example.com/v1", Resource = "widgets" };

        var sink = Flatten.Json(widget, """{"metadata":{"name":"w","namespace":"n"},"spec":{"p":"2\u0035%","d":"1\u0068"}}""");

        Assert.Equal(25, sink.Single("k8s_widget_spec_p_percent").Value);
        Assert.Equal(3600, sink.Single("k8s_widget_spec_d_seconds").Value);
    }
}
