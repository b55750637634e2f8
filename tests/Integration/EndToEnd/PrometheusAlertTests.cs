using System.Diagnostics;
using System.Globalization;
using KubeApiExporter.Tests.Integration.Harness;
using Xunit;
using Xunit.Abstractions;

namespace KubeApiExporter.Tests.Integration.EndToEnd;

/// <summary>
/// The shipped alert rules evaluated by a real Prometheus on a real scrape of the exporter, which
/// watches the in-repo API test server: the whole path from a Kubernetes object to a firing alert.
/// Only the rules' `for:` durations are shortened (to <see cref="ScrapedByPrometheus.ShortFor"/>).
/// </summary>
public sealed class PrometheusAlertTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task DeploymentReplicasMismatch_fires_in_a_real_Prometheus_and_clears_when_fixed()
    {
        ScrapedByPrometheus.SkipUnlessInstalled();

        await using var backend = await TestServerBackend.StartAsync();
        // 3 desired, 1 available; observedGeneration 1 == generation 1 (set by the server on create).
        await backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("checkout", replicas: 3, available: 1));
        var (rules, shortened) = AlertRulesCopy.WithShortFor(ScrapedByPrometheus.ShortFor);
        await using var scraped = await ScrapedByPrometheus.StartAsync(backend.KubeconfigPath, rules);
        var prometheus = scraped.Prometheus;

        // The test copy of the rules is what Prometheus loaded: every rule with a `for:` now waits 2 s.
        var loaded = await prometheus.AlertingRulesAsync();
        Assert.Contains(loaded, r => (string?)r!["name"] == "DeploymentReplicasMismatch");
        Assert.Equal(shortened, loaded.Count(r => (double)r!["duration"]! == 2));

        // The exporter is scraped without error (Prometheus negotiates OpenMetrics, so this also
        // checks that exposition with Prometheus' own parser).
        Assert.Equal("", (string?)scraped.Target["lastError"]);
        Assert.Equal($"http://127.0.0.1:{scraped.Exporter.Port}/metrics", (string?)scraped.Target["scrapeUrl"]);

        var replicas = await scraped.WaitForQueryAsync("""k8s_deployment_spec_replicas{name="checkout"}""",
            r => r.Count > 0, "k8s_deployment_spec_replicas of checkout in Prometheus");
        var series = Assert.Single(replicas)!;
        Assert.Equal("3", (string?)series["value"]![1]);
        Assert.Equal("default", (string?)series["metric"]!["namespace"]);
        Assert.Equal(PrometheusServer.Job, (string?)series["metric"]!["job"]);
        // Generation observed: the rollout is only short of pods, not stuck in the controller.
        var observed = await prometheus.QueryAsync("""k8s_deployment_status_observedGeneration{name="checkout"} == k8s_deployment_metadata_generation""");
        Assert.Single(observed);

        var clock = Stopwatch.StartNew();
        var firing = await scraped.WaitForFiringAsync("DeploymentReplicasMismatch", "checkout");
        output.WriteLine($"firing {clock.Elapsed.TotalSeconds:0.0} s after Prometheus became ready");
        var alert = ScrapedByPrometheus.Alert(firing, "DeploymentReplicasMismatch", "checkout")!;
        Assert.Equal("warning", (string?)alert["labels"]!["severity"]);
        Assert.Equal("default", (string?)alert["labels"]!["namespace"]);
        Assert.Equal(3, double.Parse((string)alert["value"]!, CultureInfo.InvariantCulture));
        Assert.Equal("Deployment default/checkout: available replicas differ from desired", (string?)alert["annotations"]!["summary"]);
        // Nothing else is wrong with this cluster, and the healthy rules stay silent on real output.
        Assert.All(firing, a => Assert.Equal("DeploymentReplicasMismatch", (string?)a!["labels"]!["alertname"]));

        // The rollout completes.
        backend.TestServer.Mutate("apps/v1", "deployments", "default", "checkout", d => d["status"]!["availableReplicas"] = 3);
        clock.Restart();
        await scraped.WaitForClearedAsync("DeploymentReplicasMismatch", "checkout");
        output.WriteLine($"cleared {clock.Elapsed.TotalSeconds:0.0} s after the fix");
        var available = await prometheus.QueryAsync("""k8s_deployment_status_availableReplicas{name="checkout"}""");
        Assert.Equal("3", (string?)Assert.Single(available)!["value"]![1]);
    }
}
