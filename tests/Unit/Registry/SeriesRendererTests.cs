using System.Text;
using KubeApiExporter.Configuration;
using KubeApiExporter.Flattener;
using KubeApiExporter.Registry;
using KubeApiExporter.Tests.Shared;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Registry;

/// <summary>The flattener's sink that writes exposition lines: escaping, number spelling, the per-object series cap.</summary>
public sealed class SeriesRendererTests
{
    private static string Line(double value, params Label[] labels)
    {
        var renderer = new SeriesRenderer();
        renderer.Begin(int.MaxValue);
        renderer.Add("m", "help", labels, value);
        var rendered = renderer.Finish();
        Assert.Single(rendered.Families);
        return rendered.LinesText(0);
    }

    private static string ValueText(double value)
    {
        var line = Line(value);
        Assert.StartsWith("m ", line);
        Assert.EndsWith("\n", line);
        return line[2..^1];
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("say \"hi\"", "say \\\"hi\\\"")]
    [InlineData("two\nlines", "two\\nlines")]
    [InlineData("\\\"\n", "\\\\\\\"\\n")]
    [InlineData("tab\tand\rcr", "tab\tand\rcr")]
    [InlineData("grüße-日本-🚀", "grüße-日本-🚀")]
    [InlineData("ünï\"cödé\\🚀\n", "ünï\\\"cödé\\\\🚀\\n")]
    [InlineData("", "")]
    public void Label_values_escape_backslash_quote_and_newline_and_keep_unicode_as_utf8(string value, string expected)
    {
        Assert.Equal($"m{{l=\"{expected}\"}} 1\n", Line(1, new Label("l", value)));
    }

    [Theory]
    [InlineData("back\\slash")]
    [InlineData("say \"hi\"")]
    [InlineData("two\nlines\n")]
    [InlineData("grüße-日本-🚀 \\n literal")]
    public void Escaped_label_values_parse_back_to_the_original(string value)
    {
        var doc = Exposition.Parse("# HELP m help\n# TYPE m gauge\n" + Line(1, new Label("a", value), new Label("b", "x")));
        var sample = Assert.Single(doc.Samples);
        Assert.Equal(value, sample.Labels["a"]);
        Assert.Equal("x", sample.Labels["b"]);
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(1, "1")]
    [InlineData(2, "2")]
    [InlineData(-3, "-3")]
    [InlineData(30, "30")]
    [InlineData(1073741824, "1073741824")]
    [InlineData(1780000000, "1780000000")]
    [InlineData(0.5, "0.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(-0.25, "-0.25")]
    public void Values_are_spelled_shortest_with_no_decimals_for_integers(double value, string expected)
    {
        Assert.Equal(expected, ValueText(value));
    }

    [Fact]
    public void Extreme_values_round_trip_and_special_values_use_the_text_format_spelling()
    {
        Assert.Equal(1e308, double.Parse(ValueText(1e308), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(double.MaxValue, double.Parse(ValueText(double.MaxValue), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(5e-324, double.Parse(ValueText(5e-324), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("NaN", ValueText(double.NaN));
        Assert.Equal("+Inf", ValueText(double.PositiveInfinity));
        Assert.Equal("-Inf", ValueText(double.NegativeInfinity));
    }

    [Fact]
    public void Negative_zero_is_a_valid_zero()
    {
        var doc = Exposition.Parse("# HELP m help\n# TYPE m gauge\n" + Line(-0.0));
        Assert.Equal(0, Assert.Single(doc.Samples).Value);
    }

    [Fact]
    public void Negative_zero_in_an_object_is_exported_as_0()
    {
        var rendered = Render.Object(Render.Widget, """{"metadata":{"name":"w","namespace":"default"},"spec":{"offset":-0.0,"big":1e308,"half":0.5}}""");
        var text = string.Concat(Enumerable.Range(0, rendered.Families.Length).Select(rendered.LinesText));
        Assert.Contains("k8s_widget_spec_offset{name=\"w\",namespace=\"default\"} 0\n", text);
        Assert.Contains("k8s_widget_spec_half{name=\"w\",namespace=\"default\"} 0.5\n", text);
        Assert.Contains("k8s_widget_spec_big{name=\"w\",namespace=\"default\"} 1E+308\n", text);
    }

    [Fact]
    public void Label_values_from_an_object_are_escaped_in_the_rendered_lines()
    {
        var resource = new ResourceConfig { Name = "widget", ApiVersion = "example.com/v1", Resource = "widgets", Labels = new() { ["note"] = "spec.note" } };
        var rendered = Render.Object(resource, """{"metadata":{"name":"w","namespace":"default"},"spec":{"note":"a \"quoted\\path\"\nnext ✓","size":1}}""");
        Assert.Single(rendered.Families);
        Assert.Equal("k8s_widget_spec_size{name=\"w\",namespace=\"default\",note=\"a \\\"quoted\\\\path\\\"\\nnext ✓\"} 1\n", rendered.LinesText(0));
    }

    [Fact]
    public void Samples_past_maxSeriesPerObject_are_dropped_and_counted()
    {
        var renderer = new SeriesRenderer();
        renderer.Begin(3);
        for (var i = 0; i < 5; i++)
            renderer.Add(i % 2 == 0 ? "even" : "odd", "h", [new Label("i", i.ToString())], i);
        var rendered = renderer.Finish();

        Assert.Equal(3, rendered.SeriesCount);
        Assert.Equal(2, rendered.DroppedSeries);
        Assert.Equal(["even", "odd"], rendered.Families.Select(f => f.Name));
        Assert.Equal("even{i=\"0\"} 0\neven{i=\"2\"} 2\n", rendered.LinesText(0));
        Assert.Equal(2, rendered.Families[0].SeriesCount);
        Assert.Equal(1, rendered.Families[1].SeriesCount);
    }

    [Fact]
    public void MaxSeriesPerObject_from_the_config_caps_a_flattened_object()
    {
        var resource = new ResourceConfig { Name = "widget", ApiVersion = "example.com/v1", Resource = "widgets", MaxSeriesPerObject = 2 };
        var rendered = Render.Object(resource, """{"metadata":{"name":"w","namespace":"default"},"spec":{"a":1,"b":2,"c":3,"d":4}}""");
        Assert.Equal(2, rendered.SeriesCount);
        Assert.Equal(2, rendered.DroppedSeries);
        Assert.Equal(2, rendered.Families.Sum(f => f.SeriesCount));
    }

    [Fact]
    public void Object_whose_every_sample_is_dropped_has_no_families_but_counts_the_drops()
    {
        var renderer = new SeriesRenderer();
        renderer.Begin(0);
        renderer.Add("m", "h", [], 1);
        renderer.Add("m", "h", [], 2);
        var rendered = renderer.Finish();
        Assert.Empty(rendered.Families);
        Assert.Equal(0, rendered.SeriesCount);
        Assert.Equal(2, rendered.DroppedSeries);
    }

    [Fact]
    public void Object_without_samples_renders_empty()
    {
        var renderer = new SeriesRenderer();
        renderer.Begin(10);
        var rendered = renderer.Finish();
        Assert.Empty(rendered.Families);
        Assert.Equal(0, rendered.SeriesCount);
        Assert.Equal(0, rendered.DroppedSeries);
    }

    [Fact]
    public void Renderer_reused_for_the_next_object_starts_clean_and_earlier_results_stay_intact()
    {
        var renderer = new SeriesRenderer();
        renderer.Begin(1);
        renderer.Add("first", "h1", [new Label("n", "1")], 1);
        renderer.Add("first", "h1", [new Label("n", "2")], 2);
        var one = renderer.Finish();

        renderer.Begin(int.MaxValue);
        renderer.Add("second", "h2", [], 7);
        renderer.Add("first", "h1", [new Label("n", "3")], 3);
        var two = renderer.Finish();

        Assert.Single(one.Families);
        Assert.Equal("first{n=\"1\"} 1\n", one.LinesText(0));
        Assert.Equal(1, one.DroppedSeries);
        Assert.Equal(["second", "first"], two.Families.Select(f => f.Name));
        Assert.Equal("second 7\n", two.LinesText(0));
        Assert.Equal("first{n=\"3\"} 3\n", two.LinesText(1));
        Assert.Equal("h2", two.Families[0].Help);
        Assert.Equal(0, two.DroppedSeries);
        Assert.Equal(2, two.SeriesCount);
    }

    [Fact]
    public void Help_text_with_backslash_and_newline_is_escaped_in_the_header()
    {
        var renderer = new SeriesRenderer();
        renderer.Begin(10);
        renderer.Add("m", "path a\\b\nmore", [], 1);
        var store = new SeriesRegistry();
        store.Upsert("r", "k", "", 1, renderer.Finish());
        var text = Render.Scrape(store);
        Assert.Equal("# HELP m path a\\\\b\\nmore\n# TYPE m gauge\nm 1\n", text);
        Exposition.Parse(text);
    }

    [Fact]
    public void Help_text_is_escaped_once_per_format_and_only_OpenMetrics_escapes_the_quote()
    {
        var renderer = new SeriesRenderer();
        renderer.Begin(10);
        renderer.Add("m", "a\\b\n\"c\"", [], 1);
        var store = new SeriesRegistry();
        store.Upsert("r", "k", "", 1, renderer.Finish());

        var text = Render.Scrape(store);
        Assert.Equal("# HELP m a\\\\b\\n\"c\"\n# TYPE m gauge\nm 1\n", text);
        Exposition.Parse(text);

        var openMetrics = Render.Scrape(store, ExpositionFormat.OpenMetrics);
        Assert.Equal("# HELP m a\\\\b\\n\\\"c\\\"\n# TYPE m gauge\nm 1\n", openMetrics);
        Exposition.ParseOpenMetrics(openMetrics + "# EOF\n");
    }
}
