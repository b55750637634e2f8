using System.Text;
using System.Text.Json;
using KubeApiExporter.Configuration;
using KubeApiExporter.Flattener;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Flattener;

public class HostileInputTests
{
    private static readonly ResourceConfig Widget = new() { Name = "widget", ApiVersion = "example.com/v1", Resource = "widgets" };

    [Theory]
    [InlineData("[]")]
    [InlineData("[{\"metadata\":{\"name\":\"w\"}}]")]
    [InlineData("42")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("{\"spec\":{\"replicas\":1}}")]
    [InlineData("{\"metadata\":null,\"spec\":{\"replicas\":1}}")]
    [InlineData("{\"metadata\":[],\"spec\":{\"replicas\":1}}")]
    [InlineData("{\"metadata\":{\"namespace\":\"n\"},\"spec\":{\"replicas\":1}}")]
    [InlineData("{\"metadata\":{\"name\":7},\"spec\":{\"replicas\":1}}")]
    [InlineData("{\"metadata\":{\"name\":\"\"},\"spec\":{\"replicas\":1}}")]
    public void Non_objects_and_objects_without_a_name_emit_nothing(string json)
    {
        Assert.Empty(Flatten.Json(ShippedResources.Pod, json).Samples);
    }

    [Fact]
    public void Bookmark_object_emits_nothing()
    {
        var sink = Flatten.Json(ShippedResources.Pod, """{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"12345"}}""");

        Assert.Empty(sink.Samples);
    }

    [Fact]
    public void Default_json_element_emits_nothing()
    {
        var sink = new CollectingSink();
        ObjectFlattener.Flatten(FlattenRules.Compile("k8s", Widget), default, sink);

        Assert.Empty(sink.Samples);
    }

    [Fact]
    public void Extreme_numbers_are_kept_when_finite_and_negative_zero_is_zero()
    {
        var sink = Flatten.Json(Widget, """{"metadata":{"name":"w","namespace":"n"},"spec":{"big":1e308,"huge":1e400,"tiny":-1e400,"nz":-0,"neg":-5.5,"small":5e-324}}""");

        Assert.Equal(1e308, sink.Single("k8s_widget_spec_big").Value);
        Assert.Empty(sink.Of("k8s_widget_spec_huge"));
        Assert.Empty(sink.Of("k8s_widget_spec_tiny"));
        var nz = sink.Single("k8s_widget_spec_nz").Value;
        Assert.Equal(0, nz);
        Assert.False(double.IsNegative(nz));
        Assert.Equal(-5.5, sink.Single("k8s_widget_spec_neg").Value);
        Assert.Equal(5e-324, sink.Single("k8s_widget_spec_small").Value);
    }

    [Fact]
    public void Keys_with_dots_slashes_dashes_and_unicode_never_throw()
    {
        var sink = Flatten.Json(Widget, """
            {"metadata":{"name":"w","namespace":"n","labels":{"a.b/c-d":"x"}},
             "spec":{"a.b":1,"c/d":2,"e-f":3,"ü":4,"日本":5,"\u0000":6,"{}":7,"\\":8,"\n":9,"a\"b":10}}
            """);

        // Ten keys sanitise to five names; the first of each is kept.
        Assert.Equal(
        [
            "k8s_widget_spec_a_b 1", "k8s_widget_spec_c_d 2", "k8s_widget_spec_e_f 3", "k8s_widget_spec__ 4", "k8s_widget_spec___ 5",
        ], sink.Samples.Select(s => $"{s.Metric} {s.Value}"));
        Assert.All(sink.Samples, s => Assert.Matches("^[a-zA-Z_][a-zA-Z0-9_]*$", s.Metric));
        Assert.All(sink.Samples, s => Assert.DoesNotContain('\n', s.Help));
    }

    [Fact]
    public void Two_hundred_levels_of_nesting_are_cut_at_64_without_stack_overflow()
    {
        var json = new StringBuilder("""{"metadata":{"name":"w","namespace":"n"},"spec":""");
        for (var i = 0; i < 200; i++)
            json.Append(i % 2 == 0 ? "{\"a\":" : "[");
        json.Append('1');
        for (var i = 199; i >= 0; i--)
            json.Append(i % 2 == 0 ? '}' : ']');
        json.Append(",\"shallow\":1}");

        var sink = Flatten.Json(Widget, json.ToString());

        Assert.Equal(["k8s_widget_shallow"], sink.Samples.Select(s => s.Metric));
    }

    [Theory]
    [InlineData(62, 1)] // spec at level 1, 62 objects, the number at level 64: kept
    [InlineData(63, 0)] // one level more: skipped
    public void Numbers_are_kept_down_to_level_64_only(int objects, int expected)
    {
        var json = new StringBuilder("""{"metadata":{"name":"w","namespace":"n"},"spec":""");
        for (var i = 0; i < objects; i++)
            json.Append("{\"a\":");
        json.Append("{\"v\":1}");
        json.Append('}', objects);
        json.Append('}');

        var sink = Flatten.Json(Widget, json.ToString());

        Assert.Equal(expected, sink.Samples.Count);
        Assert.All(sink.Samples, s => Assert.Equal(64, s.Help.Split(' ')[0].Split('.').Length));
    }

    [Fact]
    public void Lists_count_as_nesting_levels()
    {
        // spec: 63 nested lists (the number at level 64, kept); deeper: 64 (level 65, skipped).
        var json = new StringBuilder("""{"metadata":{"name":"w","namespace":"n"},"spec":""");
        json.Append('[', 63).Append('1').Append(']', 63).Append(",\"deeper\":").Append('[', 64).Append('2').Append(']', 64).Append('}');

        var sink = Flatten.Json(Widget, json.ToString());

        Assert.Equal([1d], sink.Samples.Select(s => s.Value));
        Assert.Equal(63, sink.Samples[0].Labels.Length - 2); // one label per list level, clashes prefixed
        Assert.Equal("label_label_spec", sink.Samples[0].Labels[4].Name);
    }

    [Fact]
    public void Ten_thousand_item_list_is_labelled_by_index()
    {
        var json = """{"metadata":{"name":"w","namespace":"n"},"spec":{"xs":[""" + string.Join(",", Enumerable.Range(0, 10_000)) + "]}}";

        var sink = Flatten.Json(Widget, json);

        Assert.Equal(10_000, sink.Samples.Count);
        Assert.Equal("9999", sink.Samples[^1].Label("xs"));
        Assert.Equal(9999, sink.Samples[^1].Value);
    }

    [Fact]
    public void Many_distinct_keys_are_cached_up_to_a_bound_and_still_exported_beyond_it()
    {
        var rules = FlattenRules.Compile("k8s", Widget);
        var keys = string.Join(",", Enumerable.Range(0, 20_000).Select(i => $"\"k{i}\":{i}"));
        var json = """{"metadata":{"name":"w","namespace":"n"},"spec":{""" + keys + "}}";

        var counts = Enumerable.Range(0, 4).Select(round => Flatten.Json(rules, json.Replace("\"k", $"\"r{round}k")).Samples.Count).ToList();

        // The path cache (50,000 per resource, a few taken by metadata/spec) fills up in round 3;
        // paths past it are built per object instead of cached, so no number is lost.
        Assert.Equal([20_000, 20_000, 20_000, 20_000], counts);
        Assert.Equal(20_000, Flatten.Json(rules, json.Replace("\"k", "\"r0k")).Samples.Count);
    }

    [Fact]
    public void Strings_that_look_almost_like_timestamps_or_quantities_are_skipped()
    {
        var sink = Flatten.Json(Widget, """
            {"metadata":{"name":"w","namespace":"n"},
             "spec":{"t1":"2026-13-20T09:30:00Z","t2":"2026-02-30T09:30:00Z","t3":"2026-11-20T09:30:00","t4":"2026-11-20T25:30:00Z",
                     "t5":"2026-11-20T09:30:00.Z","t6":"2026-11-20T09:30:00Z trailing","t7":"abcd-ef-ghTij:kl:mnZxx",
                     "resources":{"requests":{"cpu":"lots","memory":"1Gb","gpu":"","x":"1.2.3","y":"--1","z":"1e","w":"Ki"}}}}
            """);

        Assert.Empty(sink.Samples);
    }

    [Fact]
    public void Escaped_strings_are_unescaped_before_conversion()
    {
        var sink = Flatten.Json(Widget, """{"metadata":{"name":"w","namespace":"n"},"spec":{"limits":{"cpu":"\u003500m"},"t":"2026-11-20T09:30:00\u005A"}}""");

        Assert.Equal(0.5, sink.Single("k8s_widget_spec_limits_cpu").Value);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero).ToUnixTimeSeconds(), sink.Single("k8s_widget_spec_t").Value);
    }

    [Fact]
    public void Sink_may_flatten_re_entrantly_without_corrupting_labels()
    {
        var rules = FlattenRules.Compile("k8s", ShippedResources.Pod);
        using var inner = JsonDocument.Parse(KubeObjects.Pod);
        var reentrant = new ReentrantSink(rules, inner.RootElement);
        using var outer = JsonDocument.Parse(KubeObjects.Pod);

        ObjectFlattener.Flatten(rules, outer.RootElement, reentrant);

        var expected = Flatten.Json(rules, KubeObjects.Pod).Texts;
        Assert.Equal(expected, reentrant.Outer.Texts);
    }

    private sealed class ReentrantSink(FlattenRules rules, JsonElement inner) : ISampleSink
    {
        public CollectingSink Outer { get; } = new();

        public void Add(string metric, string help, ReadOnlySpan<Label> labels, double value)
        {
            Outer.Add(metric, help, labels, value);
            ObjectFlattener.Flatten(rules, inner, new CollectingSink());
        }
    }
}
