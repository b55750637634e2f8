using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using KubeApiExporter.Tests.Integration.Harness;
using KubeApiExporter.Tests.Shared;
using Xunit;
using Xunit.Abstractions;

namespace KubeApiExporter.Tests.Integration.EndToEnd;

/// <summary>
/// A real /metrics scrape (objects of every default kind) checked by the Prometheus project's own
/// tool, and the two negotiated variants: OpenMetrics by Accept, gzip by Accept-Encoding.
/// </summary>
public sealed partial class ScrapeFormatTests(ExporterWithObjectsFixture fixture, ITestOutputHelper output)
    : IClassFixture<ExporterWithObjectsFixture>
{
    // No automatic decompression: the gzip test must see the encoded bytes.
    private static readonly HttpClient Http = new(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };

    [SkippableFact]
    public async Task Scrape_passes_promtool_check_metrics_except_the_camelCase_object_names()
    {
        var binary = ExternalTool.Find("promtool");
        Skip.If(binary is null, ExternalTool.MissingPromtool);
        var promtool = new Promtool(binary!);
        var (response, body) = await ScrapeAsync();
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);

        var lintNone = await promtool.SupportsLintFlagAsync();
        var result = await promtool.CheckMetricsAsync(body, lintNone);
        foreach (var line in result.Lines)
            output.WriteLine(line);
        if (result.LintDisabled)
        {
            // promtool >= 2.44: --lint=none still parses the whole exposition; any report is a real problem.
            Assert.True(result.ExitCode == 0, $"promtool check metrics --lint=none exited {result.ExitCode}:\n{string.Join('\n', result.Lines)}");
            return;
        }
        // promtool 2.42 (Debian 12) always lints: exit 3 = lint problems only, 1 = unparsable input.
        // README "Metric naming" keeps the case of Kubernetes field names in object metric names
        // (k8s_deployment_spec_replicas, ..._rollingUpdate_maxSurge) and in list-key label names
        // (containerStatuses="web"), which the snake_case lint reports; nothing else is tolerated.
        var other = result.Lines.Where(l => !SpecCamelCase().IsMatch(l)).ToList();
        Assert.True(other.Count == 0, $"promtool check metrics reported (exit {result.ExitCode}):\n{string.Join('\n', other)}");
        Assert.True(result.ExitCode == 0 || (result.ExitCode == 3 && result.Lines.Count > 0),
            $"promtool check metrics exited {result.ExitCode}:\n{string.Join('\n', result.Lines)}");
        // The lint is really looking at our series (a promtool that read nothing would report nothing).
        Assert.Contains(result.Lines, l => l.StartsWith("k8s_deployment_spec_strategy_rollingUpdate_maxSurge "));
    }

    [Fact]
    public async Task OpenMetrics_is_served_when_asked_and_ends_with_EOF()
    {
        var (response, body) = await ScrapeAsync(accept: "application/openmetrics-text; version=1.0.0");
        var type = response.Content.Headers.ContentType!;
        Assert.Equal("application/openmetrics-text", type.MediaType);
        Assert.Contains(type.Parameters, p => p.Name == "version" && p.Value == "1.0.0");
        Assert.EndsWith("\n# EOF\n", body);
        Assert.Equal(1, Regex.Count(body, "^# EOF$", RegexOptions.Multiline));

        var (_, text) = await ScrapeAsync();
        Assert.Equal(ObjectSamples(text), ObjectSamples(body, openMetrics: true));
    }

    [Fact]
    public async Task Gzip_scrape_decompresses_to_the_same_valid_exposition()
    {
        var (response, _) = await ScrapeAsync(gzip: true, readBody: false);
        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        await using var gunzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        var body = await new StreamReader(gunzip, Encoding.UTF8).ReadToEndAsync();

        var (_, text) = await ScrapeAsync();
        Assert.Equal(ObjectSamples(text), ObjectSamples(body));
        Assert.Contains("kube_api_exporter_build_info", body);
    }

    private async Task<(HttpResponseMessage Response, string Body)> ScrapeAsync(string? accept = null, bool gzip = false, bool readBody = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Exporter.BaseUri, "metrics"));
        if (accept is not null)
            request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        if (gzip)
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (response, readBody ? await response.Content.ReadAsStringAsync() : "");
    }

    /// <summary>The object series (k8s_*) of an exposition (text 0.0.4, or OpenMetrics), parsed strictly: stable between scrapes, unlike self-metrics.</summary>
    private static IReadOnlyList<string> ObjectSamples(string exposition, bool openMetrics = false) =>
        (openMetrics ? Exposition.ParseOpenMetrics(exposition) : Exposition.Parse(exposition)).Samples
            .Where(s => s.Name.StartsWith("k8s_", StringComparison.Ordinal))
            .Select(s => s.Name + "{" + string.Join(",", s.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "} "
                         + s.Value.ToString("R", CultureInfo.InvariantCulture))
            .Order(StringComparer.Ordinal)
            .ToList();

    // promtool's snake_case lint on an object metric (name or label names): the documented naming.
    [GeneratedRegex("^k8s_[A-Za-z0-9_]+ (metric|label) names should be written in 'snake_case' not 'camelCase'$")]
    private static partial Regex SpecCamelCase();
}
