using System.Text;
using KubeApiExporter.Configuration;
using KubeApiExporter.Flattener;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Flattener;

public class ConversionTests
{
    [Theory]
    [InlineData("500m", 0.5)]
    [InlineData("1Gi", 1073741824)]
    [InlineData("1.5", 1.5)]
    [InlineData("2k", 2000)]
    [InlineData("1e3", 1000)]
    [InlineData("1E3", 1000)]
    [InlineData("1e-3", 0.001)]
    [InlineData("100Ki", 102400)]
    [InlineData("5M", 5_000_000)]
    [InlineData("12n", 12e-9)]
    [InlineData("3u", 3e-6)]
    [InlineData("1Ti", 1099511627776)]
    [InlineData("1Ei", 1152921504606846976)]
    [InlineData("2E", 2e18)]
    [InlineData("2P", 2e15)]
    [InlineData("1.5Gi", 1610612736)]
    [InlineData("0", 0)]
    [InlineData("+3", 3)]
    [InlineData("-250m", -0.25)]
    [InlineData(".5", 0.5)]
    [InlineData("3920m", 3.92)]
    public void Kubernetes_quantities_parse(string text, double expected)
    {
        Assert.True(Quantity.TryParse(Encoding.UTF8.GetBytes(text), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("m")]
    [InlineData("1Gb")]
    [InlineData("1ki")]
    [InlineData("1K")]
    [InlineData("1.2.3")]
    [InlineData("1 Gi")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("1e999")]
    [InlineData("25%")]
    [InlineData("0x10")]
    public void Malformed_quantities_are_rejected(string text)
    {
        Assert.False(Quantity.TryParse(Encoding.UTF8.GetBytes(text), out _));
    }

    [Theory]
    [InlineData("2026-11-20T09:30:00Z", "2026-11-20T09:30:00+00:00")]
    [InlineData("2026-11-20T09:30:00.5Z", "2026-11-20T09:30:00.5+00:00")]
    [InlineData("2026-11-20T09:30:00.123456789Z", "2026-11-20T09:30:00.1234568+00:00")]
    [InlineData("2026-11-20T09:30:00+02:00", "2026-11-20T07:30:00+00:00")]
    [InlineData("2026-11-20T09:30:00-05:30", "2026-11-20T15:00:00+00:00")]
    [InlineData("1970-01-01T00:00:00Z", "1970-01-01T00:00:00+00:00")]
    [InlineData("1969-12-31T23:59:59Z", "1969-12-31T23:59:59+00:00")]
    [InlineData("2024-02-29T12:00:00z", "2024-02-29T12:00:00+00:00")]
    [InlineData("0001-01-01T00:00:00Z", "0001-01-01T00:00:00+00:00")]
    public void Rfc3339_timestamps_become_unix_seconds(string text, string equivalent)
    {
        var expected = DateTimeOffset.Parse(equivalent, System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(Rfc3339.TryParseUnixSeconds(Encoding.UTF8.GetBytes(text), out var seconds));
        Assert.Equal((expected - DateTimeOffset.UnixEpoch).TotalSeconds, seconds, 6);
    }

    [Theory]
    [InlineData("2026-11-20 09:30:00Z")]
    [InlineData("2026-11-20T09:30:00")]
    [InlineData("2026-11-20T09:30:00ZZ")]
    [InlineData("2025-02-29T09:30:00Z")]
    [InlineData("2026-11-20T09:60:00Z")]
    [InlineData("2026-11-20T09:30:00+2:00")]
    [InlineData("2026-11-20T09:30:00+02:00x")]
    [InlineData("2026-11-20")]
    [InlineData("Tuesday, 2026-11-20")]
    public void Non_timestamps_are_rejected(string text)
    {
        Assert.False(Rfc3339.TryParseUnixSeconds(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void Quantities_apply_under_hard_and_used_of_resource_quotas()
    {
        var quota = new ResourceConfig { Name = "quota", ApiVersion = "v1", Resource = "resourcequotas" };
        var sink = Flatten.Json(quota, """{"metadata":{"name":"q","namespace":"n"},"spec":{"hard":{"pods":"10","requests.cpu":"4"}},"status":{"used":{"requests.memory":"3Gi"}}}""");

        Assert.Equal(10, sink.Single("k8s_quota_spec_hard_pods").Value);
        Assert.Equal(4, sink.Single("k8s_quota_spec_hard_requests_cpu").Value);
        Assert.Equal(3d * (1 << 30), sink.Single("k8s_quota_status_used_requests_memory").Value);
    }

    [Fact]
    public void Quantity_strings_outside_quantity_maps_are_skipped()
    {
        var widget = new ResourceConfig { Name = "widget", ApiVersion = "v1", Resource = "widgets" };
        var sink = Flatten.Json(widget, """{"metadata":{"name":"w","namespace":"n"},"spec":{"size":"1Gi","resources":{"cpu":"1"}}}""");

        Assert.Empty(sink.Samples);
    }
}
