using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using KubeApiExporter.Tests.Integration.Harness;
using KubeApiExporter.Tests.Integration.Scenarios;
using Xunit;
using Xunit.Abstractions;

namespace KubeApiExporter.Tests.Integration.EndToEnd;

/// <summary>
/// The shipped alert rules evaluated by a real Prometheus on a real scrape of the exporter, which
/// watches the in-repo API test server: the whole path from a Kubernetes object to a firing alert.
/// Only the rules' `for:` durations are shortened (to <see cref="ShortFor"/>).
/// </summary>
public sealed class PrometheusAlertTests(ITestOutputHelper output)
{
    private const string ShortFor = "2s";
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task DeploymentReplicasMismatch_fires_in_a_real_Prometheus_and_clears_when_fixed()
    {
        var prometheusBinary = ExternalTool.Find("prometheus");
        Skip.If(prometheusBinary is null, ExternalTool.MissingPrometheus);

        await using var backend = await TestServerBackend.StartAsync();
        // 3 desired, 1 available; observedGeneration 1 == generation 1 (set by the server on create).
        await backend.CreateAsync("apps/v1", "deployments", Objects.Deployment("checkout", replicas: 3, available: 1));
        var config = ExporterConfigFiles.Write();
        try
        {
            await using var exporter = ExporterProcess.Start(config, backend.KubeconfigPath);
            await exporter.WaitReadyAsync(Startup);

            var (rules, shortened) = AlertRulesCopy.WithShortFor(ShortFor);
            await using var prometheus = await PrometheusServer.StartAsync(prometheusBinary!, $"127.0.0.1:{exporter.Port}", rules, Startup);
            string Context() => prometheus.LogTail() + "\nExporter log:\n" + string.Join('\n', exporter.Output.TakeLast(20));

            // The test copy of the rules is what Prometheus loaded: every rule with a `for:` now waits 2 s.
            var loaded = await prometheus.AlertingRulesAsync();
            Assert.Contains(loaded, r => (string?)r!["name"] == "DeploymentReplicasMismatch");
            Assert.Equal(shortened, loaded.Count(r => (double)r!["duration"]! == 2));

            // The exporter is scraped without error (Prometheus negotiates OpenMetrics, so this also
            // checks that exposition with Prometheus' own parser).
            var targets = await Eventually.PollAsync(prometheus.ActiveTargetsAsync,
                t => t.Count == 1 && (string?)t[0]!["health"] == "up", Deadline, "the exporter target is up",
                t => t.ToJsonString(), Context);
            Assert.Equal("", (string?)targets[0]!["lastError"]);
            Assert.Equal($"http://127.0.0.1:{exporter.Port}/metrics", (string?)targets[0]!["scrapeUrl"]);

            var replicas = await Eventually.PollAsync(() => prometheus.QueryAsync("""k8s_deployment_spec_replicas{name="checkout"}"""),
                r => r.Count > 0, Deadline, "k8s_deployment_spec_replicas of checkout in Prometheus", r => r.ToJsonString(), Context);
            var series = Assert.Single(replicas)!;
            Assert.Equal("3", (string?)series["value"]![1]);
            Assert.Equal("default", (string?)series["metric"]!["namespace"]);
            Assert.Equal(PrometheusServer.Job, (string?)series["metric"]!["job"]);
            // Generation observed: the rollout is only short of pods, not stuck in the controller.
            var observed = await prometheus.QueryAsync("""k8s_deployment_status_observedGeneration{name="checkout"} == k8s_deployment_metadata_generation""");
            Assert.Single(observed);

            var clock = Stopwatch.StartNew();
            var firing = await Eventually.PollAsync(prometheus.AlertsAsync,
                a => Checkout(a, "DeploymentReplicasMismatch")?["state"]?.GetValue<string>() == "firing",
                Deadline, "DeploymentReplicasMismatch for default/checkout is firing", a => a.ToJsonString(), Context);
            output.WriteLine($"firing {clock.Elapsed.TotalSeconds:0.0} s after Prometheus became ready");
            var alert = Checkout(firing, "DeploymentReplicasMismatch")!;
            Assert.Equal("warning", (string?)alert["labels"]!["severity"]);
            Assert.Equal("default", (string?)alert["labels"]!["namespace"]);
            Assert.Equal(3, double.Parse((string)alert["value"]!, CultureInfo.InvariantCulture));
            Assert.Equal("Deployment default/checkout: available replicas differ from desired", (string?)alert["annotations"]!["summary"]);
            // Nothing else is wrong with this cluster, and the healthy rules stay silent on real output.
            Assert.All(firing, a => Assert.Equal("DeploymentReplicasMismatch", (string?)a!["labels"]!["alertname"]));

            // The rollout completes.
            backend.TestServer.Mutate("apps/v1", "deployments", "default", "checkout", d => d["status"]!["availableReplicas"] = 3);
            clock.Restart();
            await Eventually.PollAsync(prometheus.AlertsAsync, a => Checkout(a, "DeploymentReplicasMismatch") is null,
                Deadline, "DeploymentReplicasMismatch for default/checkout is no longer active", a => a.ToJsonString(), Context);
            output.WriteLine($"cleared {clock.Elapsed.TotalSeconds:0.0} s after the fix");
            var available = await prometheus.QueryAsync("""k8s_deployment_status_availableReplicas{name="checkout"}""");
            Assert.Equal("3", (string?)Assert.Single(available)!["value"]![1]);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(config)!, recursive: true);
        }
    }

    private static JsonNode? Checkout(JsonArray alerts, string alertName) =>
        alerts.FirstOrDefault(a => (string?)a!["labels"]!["alertname"] == alertName
                                   && (string?)a["labels"]!["name"] == "checkout");
}
