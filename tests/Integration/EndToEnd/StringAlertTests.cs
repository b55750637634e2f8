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
    private const string ShortFor = "2s";
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task PodCrashLooping_fires_when_a_container_goes_into_CrashLoopBackOff()
    {
        var prometheusBinary = ExternalTool.Find("prometheus");
        Skip.If(prometheusBinary is null, ExternalTool.MissingPrometheus);

        await using var backend = await TestServerBackend.StartAsync();
        await backend.CreateAsync("v1", "pods", Objects.Pod("web-1"));
        var config = ExporterConfigFiles.Write();
        try
        {
            await using var exporter = ExporterProcess.Start(config, backend.KubeconfigPath);
            await exporter.WaitReadyAsync(Startup);
            await using var prometheus = await PrometheusServer.StartAsync(prometheusBinary!, $"127.0.0.1:{exporter.Port}",
                AlertRulesCopy.WithShortFor(ShortFor).Text, Startup);
            string Context() => prometheus.LogTail() + "\nExporter log:\n" + string.Join('\n', exporter.Output.TakeLast(20));

            // Running: the phase state set is in Prometheus, and nothing waits.
            var running = await Eventually.PollAsync(() => prometheus.QueryAsync("""k8s_pod_status_phase{name="web-1"} == 1"""),
                r => r.Count == 1, Deadline, "phase of web-1 in Prometheus", r => r.ToJsonString(), Context);
            Assert.Equal("Running", (string?)running[0]!["metric"]!["phase"]);
            Assert.Empty(await prometheus.QueryAsync("k8s_pod_status_containerStatuses_state_waiting_reason"));

            // The web container crashes and the kubelet backs off restarting it.
            backend.TestServer.Mutate("v1", "pods", "default", "web-1", pod =>
            {
                var web = pod["status"]!["containerStatuses"]!.AsArray().Single(c => (string?)c!["name"] == "web")!;
                web["ready"] = false;
                web["restartCount"] = 5;
                web["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "CrashLoopBackOff", ["message"] = "back-off 2m40s restarting failed container" } };
                web["lastState"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 1, ["reason"] = "Error" } };
            });

            var firing = await Eventually.PollAsync(prometheus.AlertsAsync,
                a => Alert(a, "PodCrashLooping", "web-1")?["state"]?.GetValue<string>() == "firing",
                Deadline, "PodCrashLooping for default/web-1 is firing", a => a.ToJsonString(), Context);
            var alert = Alert(firing, "PodCrashLooping", "web-1")!;
            Assert.Equal("web", (string?)alert["labels"]!["containerStatuses"]);
            Assert.Equal("CrashLoopBackOff", (string?)alert["labels"]!["reason"]);
            Assert.Equal("node-1", (string?)alert["labels"]!["node"]);
            Assert.Equal("Pod default/web-1: container web is crash looping", (string?)alert["annotations"]!["summary"]);
            Assert.Null(Alert(firing, "PodImagePullFailing", "web-1"));
            var last = await prometheus.QueryAsync("""k8s_pod_status_containerStatuses_lastState_terminated_reason{name="web-1"}""");
            Assert.Equal("Error", (string?)Assert.Single(last)!["metric"]!["reason"]);

            // Fixed: the waiting series leaves /metrics at once (the alert itself ends once the
            // rule's 5-minute window has passed, too long to wait for here).
            backend.TestServer.Mutate("v1", "pods", "default", "web-1", pod =>
            {
                var web = pod["status"]!["containerStatuses"]!.AsArray().Single(c => (string?)c!["name"] == "web")!;
                web["ready"] = true;
                web["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = "2026-11-20T10:00:00Z" } };
            });
            await exporter.WaitForAsync(m => !m.Samples.Any(s => s.Name == "k8s_pod_status_containerStatuses_state_waiting_reason"),
                TimeSpan.FromSeconds(10), "the waiting reason of web-1 gone from /metrics");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(config)!, recursive: true);
        }
    }

    [SkippableFact]
    public async Task KubePersistentVolumeClaimPending_fires_for_a_pending_claim_and_clears_once_bound()
    {
        var prometheusBinary = ExternalTool.Find("prometheus");
        Skip.If(prometheusBinary is null, ExternalTool.MissingPrometheus);

        await using var backend = await TestServerBackend.StartAsync();
        // The test server serves the default kinds; the cluster config's other kinds answer 404
        // and show as resource_up 0, as on a cluster that does not serve them.
        backend.TestServer.AddResource("v1", "persistentvolumeclaims", "PersistentVolumeClaim", namespaced: true);
        await backend.CreateAsync("v1", "persistentvolumeclaims", Claim("data-db-0", "Bound"));
        await backend.CreateAsync("v1", "persistentvolumeclaims", Claim("data-db-1", "Pending"));
        var dir = Directory.CreateTempSubdirectory("kae-config-").FullName;
        var config = Path.Combine(dir, "exporter.yaml");
        File.Copy(Path.Combine(RepoPaths.Root, "examples", "cluster.yaml"), config);
        try
        {
            await using var exporter = ExporterProcess.Start(config, backend.KubeconfigPath);
            await exporter.WaitReadyAsync(Startup);
            await using var prometheus = await PrometheusServer.StartAsync(prometheusBinary!, $"127.0.0.1:{exporter.Port}",
                AlertRulesCopy.WithShortFor(AlertRulesCopy.ClusterExamplePath, ShortFor).Text, Startup);
            string Context() => prometheus.LogTail() + "\nExporter log:\n" + string.Join('\n', exporter.Output.TakeLast(20));

            var firing = await Eventually.PollAsync(prometheus.AlertsAsync,
                a => Alert(a, "KubePersistentVolumeClaimPending", "data-db-1")?["state"]?.GetValue<string>() == "firing",
                Deadline, "KubePersistentVolumeClaimPending for default/data-db-1 is firing", a => a.ToJsonString(), Context);
            Assert.Equal("PVC default/data-db-1 is pending", (string?)Alert(firing, "KubePersistentVolumeClaimPending", "data-db-1")!["annotations"]!["summary"]);
            Assert.Null(Alert(firing, "KubePersistentVolumeClaimPending", "data-db-0"));
            // A kind the server does not serve is reported, not fatal.
            var down = await prometheus.QueryAsync("""kube_api_exporter_resource_up{resource="hpa"}""");
            Assert.Equal("0", (string?)Assert.Single(down)!["value"]![1]);

            // The provisioner binds the claim.
            await backend.PatchAsync("v1", "persistentvolumeclaims", "default", "data-db-1",
                new JsonObject { ["status"] = new JsonObject { ["phase"] = "Bound" } });
            await Eventually.PollAsync(prometheus.AlertsAsync, a => Alert(a, "KubePersistentVolumeClaimPending", "data-db-1") is null,
                Deadline, "KubePersistentVolumeClaimPending for default/data-db-1 is no longer active", a => a.ToJsonString(), Context);
            var bound = await prometheus.QueryAsync("""k8s_pvc_status_phase{name="data-db-1", phase="Bound"}""");
            Assert.Equal("1", (string?)Assert.Single(bound)!["value"]![1]);
            output.WriteLine("pending claim alerted and cleared");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static JsonObject Claim(string name, string phase) => (JsonObject)JsonNode.Parse($$$$"""
        {"apiVersion":"v1","kind":"PersistentVolumeClaim",
         "metadata":{"name":"{{{{name}}}}","namespace":"default"},
         "spec":{"accessModes":["ReadWriteOnce"],"storageClassName":"fast","resources":{"requests":{"storage":"1Gi"}}},
         "status":{"phase":"{{{{phase}}}}"}}
        """)!;

    private static JsonNode? Alert(JsonArray alerts, string alertName, string name) =>
        alerts.FirstOrDefault(a => (string?)a!["labels"]!["alertname"] == alertName && (string?)a["labels"]!["name"] == name);
}
