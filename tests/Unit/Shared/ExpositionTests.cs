using KubeApiExporter.Tests.Shared;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Shared;

/// <summary>The shared strict exposition parser itself: what it accepts and everything it refuses.</summary>
public sealed class ExpositionTests
{
    private const string Header = "# HELP m help\n# TYPE m gauge\n";

    [Fact]
    public void Parses_families_help_types_samples_and_queries()
    {
        var e = Exposition.Parse(
            "# HELP m some \\\\ help\\n\n# TYPE m gauge\nm{b=\"2\",a=\"x\\\"y\"} 1.5\nm{a=\"z\"} -Inf 1700000000000\n" +
            "# HELP h a histogram\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 3\nh_sum 4\nh_count 3\n" +
            "# HELP c a counter\n# TYPE c counter\nc{k=\"a\"} 1\nc{k=\"b\"} 2\n");
        Assert.Equal(["m", "h", "c"], e.Families);
        Assert.Equal("some \\\\ help\\n", e.Help["m"]);
        Assert.Equal("histogram", e.Types["h"]);
        Assert.Equal(7, e.Samples.Count);
        Assert.Equal("m{a=\"x\"y\",b=\"2\"} 1.5", e.Samples[0].Canonical);
        Assert.Equal(double.NegativeInfinity, e.Value("m", ("a", "z")));
        Assert.Null(e.Value("m", ("a", "nope")));
        Assert.Throws<InvalidOperationException>(() => e.Value("m"));
        Assert.Equal(3, e.Sum("c"));
        Assert.True(e.Has("h_count"));
        Assert.True(e.HasLine("h_sum 4"));
        Assert.Empty(Exposition.Parse("").Samples);
    }

    [Theory]
    [InlineData("m 1\n", "outside its family block")]
    [InlineData(Header + "m 1", "newline")]
    [InlineData(Header + "# just a comment\nm 1\n", "malformed comment")]
    [InlineData("# HELP m\n# TYPE m gauge\nm 1\n", "malformed comment")]
    [InlineData("# HELP m help\n# TYPE m gauge\n# HELP m again\nm 1\n", "second HELP")]
    [InlineData("# HELP m help\n# TYPE m gauge\n# TYPE m gauge\nm 1\n", "second TYPE")]
    [InlineData("# HELP m help\n# TYPE m gauges\nm 1\n", "unknown type")]
    [InlineData("# HELP m help\nm 1\n# TYPE m gauge\n", "TYPE for m after its samples")]
    [InlineData("# HELP m bad \\t escape\n# TYPE m gauge\nm 1\n", "bad HELP escape")]
    [InlineData("# HELP m help\n# UNIT m seconds\n# TYPE m gauge\nm 1\n", "malformed comment")]
    [InlineData(Header + "1m 1\n", "bad metric name")]
    [InlineData(Header + "m{1a=\"x\"} 1\n", "bad label name")]
    [InlineData(Header + "m{a=x} 1\n", "expected =\"")]
    [InlineData(Header + "m{a=\"x\\t\"} 1\n", "bad escape")]
    [InlineData(Header + "m{a=\"x\" b=\"y\"} 1\n", "expected , or }")]
    [InlineData(Header + "m{a=\"x\",a=\"y\"} 1\n", "label a twice")]
    [InlineData(Header + "m{a=\"x\n", "truncated sample")]
    [InlineData(Header + "m{a=\"x\"}1\n", "expected a space")]
    [InlineData(Header + "m one\n", "bad value")]
    [InlineData(Header + "m  1\n", "bad value")]
    [InlineData(Header + "m 1 2 3\n", "bad value")]
    [InlineData(Header + "m 1,000\n", "bad value")]
    [InlineData(Header + "m 1 1.5\n", "bad timestamp")]
    [InlineData(Header + "m{a=\"x\",b=\"y\"} 1\nm{b=\"y\",a=\"x\"} 2\n", "duplicate series")]
    [InlineData(Header + "m_total 1\n", "outside its family block")]
    [InlineData(Header + "m_bucket 1\n", "outside its family block")]
    [InlineData(Header + "m 1\n# HELP n help\n# TYPE n gauge\nm 2\n", "outside its family block")]
    [InlineData(Header + "m 1\n# HELP n help\n# TYPE n gauge\nn 1\n# HELP m help\n", "appears twice")]
    public void Refuses_malformed_text_format(string text, string why)
    {
        var e = Assert.Throws<FormatException>(() => Exposition.Parse(text));
        Assert.Contains(why, e.Message);
    }

    [Fact]
    public void Distinct_label_values_that_look_alike_unescaped_are_not_duplicates()
    {
        var e = Exposition.Parse(Header + "m{a=\"x\\\",b=\\\"y\"} 1\nm{a=\"x\",b=\"y\"} 2\n");
        Assert.Equal(2, e.Samples.Count);
    }

    [Fact]
    public void Parses_OpenMetrics_with_its_suffixes_and_EOF()
    {
        var e = Exposition.ParseOpenMetrics(
            "# HELP c a counter\n# TYPE c counter\nc_total{k=\"a\"} 4.0\nc_created 1.7e9\n" +
            "# HELP s_seconds time\n# TYPE s_seconds histogram\n# UNIT s_seconds seconds\ns_seconds_sum 0.2\ns_seconds_count 6\ns_seconds_bucket{le=\"+Inf\"} 6\n" +
            "# HELP g a \\\"gauge\\\"\n# TYPE g gauge\ng 1.0 1700000000.5\n" +
            "# HELP empty no samples\n# TYPE empty counter\n" +
            "# EOF\n");
        Assert.Equal(["c", "s_seconds", "g", "empty"], e.Families);
        Assert.Equal(4, e.Value("c_total", ("k", "a")));
        Assert.Equal(6, e.Samples.Count);
    }

    [Theory]
    [InlineData("# HELP g g\n# TYPE g gauge\ng 1\n", "does not end with # EOF")]
    [InlineData("# HELP g g\n# TYPE g gauge\ng 1\n# EOF\n# EOF\n", "malformed comment")]
    [InlineData("# HELP g g\n# TYPE g gauge\ng 1# EOF\n", "# EOF does not start a line")]
    [InlineData("# HELP g g\n# TYPE g gauge\n\ng 1\n# EOF\n", "blank line")]
    [InlineData("# HELP c c\n# TYPE c counter\nc 1\n# EOF\n", "outside its family block")]
    [InlineData("# HELP g g\n# TYPE g untyped\ng 1\n# EOF\n", "unknown type")]
    [InlineData("# HELP g_bytes g\n# TYPE g_bytes gauge\n# UNIT g_bytes seconds\ng_bytes 1\n# EOF\n", "does not end with its unit")]
    [InlineData("# HELP g g\n# TYPE g gauge\ng 1\ng 2\n# EOF\n", "duplicate series")]
    [InlineData("# HELP g g\n# TYPE g gauge\ng 1 # {trace=\"a\"} 1\n# EOF\n", "bad value")]
    public void Refuses_malformed_OpenMetrics(string text, string why)
    {
        var e = Assert.Throws<FormatException>(() => Exposition.ParseOpenMetrics(text));
        Assert.Contains(why, e.Message);
    }

    [Fact]
    public void OpenMetrics_is_not_text_format()
    {
        Assert.Throws<FormatException>(() => Exposition.Parse("# HELP c c\n# TYPE c counter\nc_total 1\n# EOF\n"));
    }
}
