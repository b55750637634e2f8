using System.Text.Json.Nodes;
using KubeApiExporter.Tests.Integration.Harness;
using KubeApiExporter.Tests.Integration.Scenarios;
using Xunit;

namespace KubeApiExporter.Tests.Integration.EndToEnd;

/// <summary>
/// The end-to-end alert tests' set-up: the exporter scraped by a real Prometheus (<see cref="PrometheusServer"/>:
/// its config file, one scrape job, one rule file evaluated every second), ready once Prometheus reports
/// the exporter's target up. Either starts the exporter itself (<see cref="StartAsync"/>: it owns the
/// process) or wraps one a test already runs (<see cref="AroundAsync"/>).
/// Disposal stops Prometheus, then the exporter it started.
/// </summary>
public sealed class ScrapedByPrometheus : IAsyncDisposable
{
    /// <summary>What the tests shorten every rule's `for:` to (<see cref="AlertRulesCopy"/>).</summary>
    public const string ShortFor = "2s";
    public static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);
    /// <summary>How long a test waits for Prometheus to see a change (a series, an alert firing or clearing).</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly bool _ownsExporter;

    private ScrapedByPrometheus(ExporterProcess exporter, PrometheusServer prometheus, JsonNode target, bool ownsExporter)
    {
        Exporter = exporter;
        Prometheus = prometheus;
        Target = target;
        _ownsExporter = ownsExporter;
    }

    public ExporterProcess Exporter { get; }
    public PrometheusServer Prometheus { get; }
    /// <summary>The exporter's target as Prometheus reported it once up ({scrapeUrl, health, lastError, ...}).</summary>
    public JsonNode Target { get; }

    /// <summary>Skips the test where Debian's prometheus is not installed.</summary>
    public static void SkipUnlessInstalled() => Skip.If(ExternalTool.Find("prometheus") is null, ExternalTool.MissingPrometheus);

    /// <summary>
    /// Starts the exporter with <paramref name="config"/> (from <see cref="ExporterConfigFiles"/>; the
    /// shipped exporter.yaml when null) against <paramref name="kubeconfig"/>, then Prometheus.
    /// </summary>
    public static async Task<ScrapedByPrometheus> StartAsync(string kubeconfig, string ruleFileText, string? config = null)
    {
        config ??= ExporterConfigFiles.Write();
        var exporter = ExporterProcess.Start(config, kubeconfig);
        try
        {
            await exporter.WaitReadyAsync(Startup);
            return await StartPrometheusAsync(exporter, ruleFileText, ownsExporter: true);
        }
        catch
        {
            await exporter.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts Prometheus scraping an exporter the caller runs (and stops).</summary>
    public static Task<ScrapedByPrometheus> AroundAsync(ExporterProcess exporter, string ruleFileText) =>
        StartPrometheusAsync(exporter, ruleFileText, ownsExporter: false);

    private static async Task<ScrapedByPrometheus> StartPrometheusAsync(ExporterProcess exporter, string ruleFileText, bool ownsExporter)
    {
        var binary = ExternalTool.Find("prometheus") ?? throw new InvalidOperationException(ExternalTool.MissingPrometheus);
        var prometheus = await PrometheusServer.StartAsync(binary, $"127.0.0.1:{exporter.Port}", ruleFileText, Startup);
        try
        {
            var targets = await Eventually.PollAsync(prometheus.ActiveTargetsAsync,
                t => t.Count == 1 && (string?)t[0]!["health"] == "up", Deadline, "the exporter target is up",
                t => t.ToJsonString(), () => Context(prometheus, exporter));
            return new ScrapedByPrometheus(exporter, prometheus, targets[0]!, ownsExporter);
        }
        catch
        {
            await prometheus.DisposeAsync();
            throw;
        }
    }

    /// <summary>Both logs' last lines, for failure messages.</summary>
    public string Context() => Context(Prometheus, Exporter);

    private static string Context(PrometheusServer prometheus, ExporterProcess exporter) =>
        prometheus.LogTail() + "\nExporter log:\n" + string.Join('\n', exporter.Output.TakeLast(20));

    /// <summary>Polls an instant query until <paramref name="until"/> holds; the result vector.</summary>
    public Task<JsonArray> WaitForQueryAsync(string promql, Func<JsonArray, bool> until, string what) =>
        Eventually.PollAsync(() => Prometheus.QueryAsync(promql), until, Deadline, what, r => r.ToJsonString(), Context);

    /// <summary>Polls the active alerts until <paramref name="until"/> holds; the alerts.</summary>
    public Task<JsonArray> WaitForAlertsAsync(Func<JsonArray, bool> until, string what) =>
        Eventually.PollAsync(Prometheus.AlertsAsync, until, Deadline, what, a => a.ToJsonString(), Context);

    /// <summary>Waits until <paramref name="alertName"/> fires for the object <paramref name="name"/>; all active alerts then.</summary>
    public Task<JsonArray> WaitForFiringAsync(string alertName, string name) =>
        WaitForAlertsAsync(a => Alert(a, alertName, name)?["state"]?.GetValue<string>() == "firing", $"{alertName} for default/{name} is firing");

    /// <summary>Waits until <paramref name="alertName"/> is no longer active for the object <paramref name="name"/>.</summary>
    public Task<JsonArray> WaitForClearedAsync(string alertName, string name) =>
        WaitForAlertsAsync(a => Alert(a, alertName, name) is null, $"{alertName} for default/{name} is no longer active");

    /// <summary>The active alert <paramref name="alertName"/> of the object <paramref name="name"/>, or null.</summary>
    public static JsonNode? Alert(JsonArray alerts, string alertName, string name) =>
        alerts.FirstOrDefault(a => (string?)a!["labels"]!["alertname"] == alertName && (string?)a["labels"]!["name"] == name);

    public async ValueTask DisposeAsync()
    {
        await Prometheus.DisposeAsync();
        if (_ownsExporter)
            await Exporter.DisposeAsync();
    }
}
