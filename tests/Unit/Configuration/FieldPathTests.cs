using System.Text.Json;
using KubeApiExporter.Configuration;
using KubeApiExporter.Flattener;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Configuration;

/// <summary>
/// The plain field path syntax has one owner, <see cref="FieldPath.TryParse"/>: the config validator
/// refuses with its error, the flattener compiles with it. zeroFill is such a path (the flattener looks
/// each entry up by name), not a glob.
/// </summary>
public class FieldPathTests
{
    private const string Job = """
        resources:
          - name: job
            apiVersion: batch/v1
            resource: jobs
        """;

    [Fact]
    public void A_dotted_path_parses_into_its_segments_and_resolves_through_objects()
    {
        Assert.True(FieldPath.TryParse("status.containerStatuses.restartCount", out var path, out var error));
        Assert.Equal("", error);
        Assert.Equal(["status", "containerStatuses", "restartCount"], path.Segments);
        Assert.Equal("status.containerStatuses.restartCount", path.Text);

        using var doc = JsonDocument.Parse("""{"status":{"containerStatuses":{"restartCount":3}}}""");
        Assert.True(path.TryResolve(doc.RootElement, out var value));
        Assert.Equal(3, value.GetInt32());
    }

    [Theory]
    [InlineData("", "is empty: write a dotted field path")]
    [InlineData("spec.*", "'spec.*' must be a plain dotted field path (no spaces or wildcards)")]
    [InlineData("spec.**", "'spec.**' must be a plain dotted field path (no spaces or wildcards)")]
    [InlineData("spec.a?", "'spec.a?' must be a plain dotted field path (no spaces or wildcards)")]
    [InlineData("spec.{a,b}", "'spec.{a,b}' must be a plain dotted field path (no spaces or wildcards)")]
    [InlineData("spec. replicas", "'spec. replicas' must be a plain dotted field path (no spaces or wildcards)")]
    [InlineData("status.conditions[0].status", "'status.conditions[0].status' has an index: list items add no segment, so leave the index out")]
    [InlineData("spec..replicas", "'spec..replicas' has an empty segment: separate field names with single dots")]
    [InlineData(".spec", "'.spec' has an empty segment: separate field names with single dots")]
    public void What_the_flattener_could_not_resolve_is_refused_with_the_fix(string text, string expected)
    {
        Assert.False(FieldPath.TryParse(text, out var path, out var error));
        Assert.Null(path);
        Assert.Equal(expected, error);
        Assert.Equal($"field path {expected}", Assert.Throws<FormatException>(() => FieldPath.Parse(text)).Message);
    }

    [Fact]
    public void ZeroFill_entries_are_plain_paths_so_globs_are_refused()
    {
        // Until zeroFill was checked as a path it was checked as a glob: 'status.*' and 'spec.**' were
        // accepted, and a job with status.failed then got k8s_job_status__ 0 and k8s_job_spec___ 0, series
        // for fields literally named '*' and '**'. Indexes and spaces were refused, with glob advice.
        Assert.Equal(
        [
            "exporter.yaml:5:31: resources[0].zeroFill entry 'status.*' must be a plain dotted field path (no spaces or wildcards), e.g. zeroFill: [status.failed, status.succeeded]",
            "exporter.yaml:5:43: resources[0].zeroFill entry 'spec.**' must be a plain dotted field path (no spaces or wildcards), e.g. zeroFill: [status.failed, status.succeeded]",
            "exporter.yaml:5:54: resources[0].zeroFill entry 'status.conditions[0].status' has an index: list items add no segment, so leave the index out, e.g. zeroFill: [status.failed, status.succeeded]",
            "exporter.yaml:5:85: resources[0].zeroFill entry is empty: write a dotted field path, e.g. zeroFill: [status.failed, status.succeeded]",
            "exporter.yaml:5:89: resources[0].zeroFill entry 'status..failed' has an empty segment: separate field names with single dots, e.g. zeroFill: [status.failed, status.succeeded]",
            "exporter.yaml:5:107: resources[0].zeroFill entry 'status. failed' must be a plain dotted field path (no spaces or wildcards), e.g. zeroFill: [status.failed, status.succeeded]",
        ], RefusedConfig.Problems(Job + """

                zeroFill: [status.failed, "status.*", "spec.**", "status.conditions[0].status", "", "status..failed", "status. failed"]
            """));
    }

    [Fact]
    public void A_listKeys_item_field_must_be_a_path_the_flattener_can_resolve_in_each_item()
    {
        Assert.Equal(
            ["exporter.yaml:5:28: resources[0].listKeys.containers must name the item field whose value labels the item, e.g. listKeys: {containers: name}"],
            RefusedConfig.Problems(Job + "\n    listKeys: {containers: \"a..b\", ports: metadata.name}\n"));
    }

    [Fact]
    public void The_flattener_compiles_paths_with_the_same_parser_so_an_unchecked_glob_cannot_slip_through()
    {
        var job = new ResourceConfig { Name = "job", ApiVersion = "batch/v1", Resource = "jobs" };

        Assert.Throws<FormatException>(() => FlattenRules.Compile("k8s", job with { ZeroFill = ["status.failed", "status.*"] }));
        Assert.Throws<FormatException>(() => FlattenRules.Compile("k8s", job with { Labels = new() { ["node"] = "spec..nodeName" } }));
        Assert.Throws<FormatException>(() => FlattenRules.Compile("k8s", job with { States = new() { ["status.*"] = new StateConfig { Label = "x" } } }));
        FlattenRules.Compile("k8s", job with { ZeroFill = ["status.failed", "status.succeeded"] });
    }
}
