using System.Text.Json.Nodes;
using KubeApiExporter.Tests.Integration.Harness;
using KubeApiExporter.Tests.Integration.Scenarios;
using Xunit;
using Xunit.Abstractions;

namespace KubeApiExporter.Tests.Integration.EndToEnd;

/// <summary>
/// Alerts on strings, end to end: a container that starts crash looping (shipped config and rules)
/// and a claim stuck Pending (examples/cluster.yaml and examples/cluster-alerts.yaml), changed
/// through the API test server, scraped and evaluated by a real Prometheus with `for:` shortened.
/// </summary>
public sealed class StringAlertTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task PodCrashLooping_fires_when_a_container_goes_into_CrashLoopBackOff()
    {
        ScrapedByPrometheus.SkipUnlessInstalled();

        await using var backend = await TestServerBackend.StartAsync();
        await backend.CreateAsync("v1", "pods", KubeObjects.Minimal.Pod("web-1"));
        await using var scraped = await ScrapedByPrometheus.StartAsync(backend.KubeconfigPath, AlertRulesCopy.WithShortFor(ScrapedByPrometheus.ShortFor).Text);

        // Running: the phase state set is in Prometheus, and nothing waits.
        var running = await scraped.WaitForQueryAsync("""k8s_pod_status_phase{name="web-1"} == 1""", r => r.Count == 1, "phase of web-1 in Prometheus");
        Assert.Equal("Running", (string?)running[0]!["metric"]!["phase"]);
        Assert.Empty(await scraped.Prometheus.QueryAsync("k8s_pod_status_containerStatuses_state_waiting_reason"));

        // The web container crashes and the kubelet backs off restarting it.
        backend.TestServer.Mutate("v1", "pods", "default", "web-1", pod =>
        {
            var web = pod["status"]!["containerStatuses"]!.AsArray().Single(c => (string?)c!["name"] == "web")!;
            web["ready"] = false;
            web["restartCount"] = 5;
            web["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "CrashLoopBackOff", ["message"] = "back-off 2m40s restarting failed container" } };
            web["lastState"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 1, ["reason"] = "Error" } };
        });

        var firing = await scraped.WaitForFiringAsync("PodCrashLooping", "web-1");
        var alert = ScrapedByPrometheus.Alert(firing, "PodCrashLooping", "web-1")!;
        Assert.Equal("web", (string?)alert["labels"]!["containerStatuses"]);
        Assert.Equal("CrashLoopBackOff", (string?)alert["labels"]!["reason"]);
        Assert.Equal("node-1", (string?)alert["labels"]!["node"]);
        Assert.Equal("Pod default/web-1: container web is crash looping", (string?)alert["annotations"]!["summary"]);
        Assert.Null(ScrapedByPrometheus.Alert(firing, "PodImagePullFailing", "web-1"));
        var last = await scraped.Prometheus.QueryAsync("""k8s_pod_status_containerStatuses_lastState_terminated_reason{name="web-1"}""");
        Assert.Equal("Error", (string?)Assert.Single(last)!["metric"]!["reason"]);

        // Fixed: the waiting series leaves /metrics at once (the alert itself ends once the
        // rule's 5-minute window has passed, too long to wait for here).
        backend.TestServer.Mutate("v1", "pods", "default", "web-1", pod =>
        {
            var web = pod["status"]!["containerStatuses"]!.AsArray().Single(c => (string?)c!["name"] == "web")!;
            web["ready"] = true;
            web["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = "2026-11-20T10:00:00Z" } };
        });
        await scraped.Exporter.WaitForAsync(m => !m.Samples.Any(s => s.Name == "k8s_pod_status_containerStatuses_state_waiting_reason"),
            TimeSpan.FromSeconds(10), "the waiting reason of web-1 gone from /metrics");
    }

    [SkippableFact]
    public async Task KubePersistentVolumeClaimPending_fires_for_a_pending_claim_and_clears_once_bound()
    {
        ScrapedByPrometheus.SkipUnlessInstalled();

        await using var backend = await TestServerBackend.StartAsync();
        // The test server serves the default kinds; the cluster config's other kinds answer 404
        // and show as resource_up 0, as on a cluster that does not serve them.
        backend.TestServer.AddResource("v1", "persistentvolumeclaims", "PersistentVolumeClaim", namespaced: true);
        await backend.CreateAsync("v1", "persistentvolumeclaims", KubeObjects.Minimal.PersistentVolumeClaim("data-db-0", "Bound"));
        await backend.CreateAsync("v1", "persistentvolumeclaims", KubeObjects.Minimal.PersistentVolumeClaim("data-db-1", "Pending"));
        await using var scraped = await ScrapedByPrometheus.StartAsync(backend.KubeconfigPath,
            AlertRulesCopy.WithShortFor(AlertRulesCopy.ClusterExamplePath, ScrapedByPrometheus.ShortFor).Text, ExporterConfigFiles.Copy("examples/cluster.yaml"));

        var firing = await scraped.WaitForFiringAsync("KubePersistentVolumeClaimPending", "data-db-1");
        Assert.Equal("PVC default/data-db-1 is pending", (string?)ScrapedByPrometheus.Alert(firing, "KubePersistentVolumeClaimPending", "data-db-1")!["annotations"]!["summary"]);
        Assert.Null(ScrapedByPrometheus.Alert(firing, "KubePersistentVolumeClaimPending", "data-db-0"));
        // A kind the server does not serve is reported, not fatal.
        var down = await scraped.Prometheus.QueryAsync("""kube_api_exporter_resource_up{resource="hpa"}""");
        Assert.Equal("0", (string?)Assert.Single(down)!["value"]![1]);

        // The provisioner binds the claim.
        await backend.PatchAsync("v1", "persistentvolumeclaims", "default", "data-db-1",
            new JsonObject { ["status"] = new JsonObject { ["phase"] = "Bound" } });
        await scraped.WaitForClearedAsync("KubePersistentVolumeClaimPending", "data-db-1");
        var bound = await scraped.Prometheus.QueryAsync("""k8s_pvc_status_phase{name="data-db-1", phase="Bound"}""");
        Assert.Equal("1", (string?)Assert.Single(bound)!["value"]![1]);
        output.WriteLine("pending claim alerted and cleared");
    }
}
