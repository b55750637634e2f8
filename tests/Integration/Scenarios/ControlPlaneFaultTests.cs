using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using KubeApiExporter.Tests.Integration.Harness;
using Xunit;
using KubeApiExporter.Tests.Integration.EndToEnd;
using Xunit.Abstractions;

namespace KubeApiExporter.Tests.Integration.Scenarios;

/// <summary>
/// Faults of a real control plane that the in-repo test server cannot produce faithfully: an
/// apiserver crash (and its RBAC authorizer starting cold), RBAC taken away and given back, a real
/// 410 after etcd compaction, and a hung apiserver that keeps its connections open and silent.
/// Expectations are the ones of README "Freshness, staleness and faults".
/// </summary>
[Collection(ControlPlaneFaultsCollection.Name)]
public sealed class ControlPlaneFaultTests(ControlPlane controlPlane, ITestOutputHelper output) : ControlPlaneTestBase(controlPlane)
{
    /// <summary>A silent connection must be noticed within 45 s.</summary>
    private static readonly TimeSpan SilenceNoticed = TimeSpan.FromSeconds(45);
    /// <summary>A 403 that RBAC fixes costs seconds, not the one-minute retry of a missing permission.</summary>
    private static readonly TimeSpan RbacRestored = TimeSpan.FromSeconds(35);
    private static readonly TimeSpan Down = TimeSpan.FromSeconds(15);

    private static readonly string[] ShippedResources = ["deployment", "pod", "job", "rc", "ds"];

    [ControlPlaneFact]
    public async Task Api_server_crash_keeps_the_last_state_with_resource_up_0_and_recovers_within_the_backoff_cap()
    {
        await Backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("crash-durable", 2, 2));
        var exporter = await StartExporterAsync();
        await exporter.WaitForAsync(m => m.Has("k8s_deployment_spec_replicas", Obj("crash-durable")), Backend.Patience, "exported");

        try
        {
            await ControlPlane.CrashApiServerAsync();
            var down = await exporter.WaitForAsync(m => ShippedResources.All(r => Up(m, r) == 0), Down, "resource_up 0 for every resource while the apiserver is down");
            Assert.Equal(2, down.Value("k8s_deployment_spec_replicas", Obj("crash-durable")));
        }
        finally
        {
            await ControlPlane.StartApiServerAsync();
        }
        var ready = Stopwatch.StartNew();
        await Backend.PatchAsync("apps/v1", "deployments", "default", "crash-durable", new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 5 } });
        // A restarted apiserver may answer 403 until its RBAC authorizer has synced: a transient 403,
        // which must not cost the exporter its one-minute retry.
        await exporter.WaitForAsync(m => ShippedResources.All(r => Up(m, r) == 1) && m.Value("k8s_deployment_spec_replicas", Obj("crash-durable")) == 5,
            BackoffCap + TimeSpan.FromSeconds(4), "every resource up again and the update visible after the restart");
        output.WriteLine($"recovered {ready.Elapsed.TotalSeconds:0.0} s after the apiserver was ready again");
    }

    [ControlPlaneFact]
    public async Task Rbac_removed_then_restored_is_back_within_35_seconds_of_the_restore()
    {
        await Backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("rbac-watched", 1, 1));
        var binding = "k8s/03-clusterrolebinding.yaml";
        try
        {
            await Kubectl.MustRunAsync(ControlPlane.AdminKubeconfig, "delete", "-f", binding);
            await WaitForExporterStatusAsync(HttpStatusCode.Forbidden);
            var exporter = await StartExporterAsync(); // 403 counts as settled for /readyz
            var m = await exporter.WaitForAsync(m => ShippedResources.All(r => Up(m, r) == 0), Down, "every resource down with 403");
            Assert.True(m.Sum("kube_api_exporter_list_requests_total", ("resource", "deployment"), ("code", "403")) >= 1);
            await exporter.WaitForLogAsync(l => l.Contains("403") && l.Contains("ClusterRole"), TimeSpan.FromSeconds(5), "the 403 logged with the fix");

            await Kubectl.MustRunAsync(ControlPlane.AdminKubeconfig, "create", "-f", binding);
            var restored = Stopwatch.StartNew();
            await exporter.WaitForAsync(m => ShippedResources.All(r => Up(m, r) == 1) && m.Has("k8s_deployment_spec_replicas", Obj("rbac-watched")),
                RbacRestored, "every resource up and the deployment exported after the binding was restored");
            output.WriteLine($"back {restored.Elapsed.TotalSeconds:0.0} s after the restore");
        }
        finally
        {
            var restore = await Kubectl.RunAsync(ControlPlane.AdminKubeconfig, "create", "-f", binding);
            Assert.True(restore.ExitCode == 0 || restore.Stderr.Contains("AlreadyExists"), restore.ToString());
            await WaitForExporterStatusAsync(HttpStatusCode.OK);
        }
    }

    [ControlPlaneFact]
    public async Task Real_410_after_compaction_and_restart_relists_and_drops_objects_deleted_in_the_gap()
    {
        await Backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("gap-keeper", 1, 1));
        await Backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("gap-ghost", 1, 1));
        var exporter = await StartExporterAsync();
        await exporter.WaitForAsync(m => m.Has("k8s_deployment_spec_replicas", Obj("gap-ghost")), Backend.Patience, "gap-ghost exported");

        // The gap: the exporter is frozen and its watch cut (an apiserver restart), the objects
        // change, etcd's history is compacted and the apiserver restarted again, so its watch cache
        // starts after the changes. Thawed, the exporter resumes its watch from the resourceVersion
        // it had, and meets a real 410 Expired. (Changes made while its connection was still open
        // would sit in its socket buffer and reach it as ordinary events.)
        await exporter.SignalAsync("STOP");
        try
        {
            await ControlPlane.RestartApiServerAsync();
            await Backend.DeleteAsync("apps/v1", "deployments", "default", "gap-ghost");
            await Backend.PatchAsync("apps/v1", "deployments", "default", "gap-keeper", new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 3 } });
            await Backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("gap-newcomer", 1, 1));
            var revision = await ControlPlane.CompactEtcdAsync();
            output.WriteLine($"etcd compacted at revision {revision}");
            await ControlPlane.RestartApiServerAsync();
            // Not the subject here: the cold RBAC authorizer of a restarted apiserver.
            await ControlPlane.WaitUntilAuthorizedAsync(ControlPlane.ExporterIdentity, "apis/apps/v1/deployments?limit=1", TimeSpan.FromSeconds(60));
        }
        finally
        {
            await exporter.SignalAsync("CONT");
        }

        var m = await exporter.WaitForAsync(m => !m.Has("k8s_deployment_spec_replicas", Obj("gap-ghost"))
                                                 && m.Value("k8s_deployment_spec_replicas", Obj("gap-keeper")) == 3
                                                 && m.Has("k8s_deployment_spec_replicas", Obj("gap-newcomer"))
                                                 && Up(m, "deployment") == 1,
            BackoffCap, "converged after the 410: gap-ghost gone, gap-keeper at 3, gap-newcomer there");
        Assert.True(m.Sum("kube_api_exporter_watch_restarts_total", ("resource", "deployment"), ("reason", "expired")) >= 1,
            "a watch restart with reason expired:\n" + string.Join('\n', m.Find("kube_api_exporter_watch_restarts_total").Select(s => s.Line)));
    }

    [ControlPlaneFact]
    public async Task Hung_api_server_is_noticed_within_45_seconds_and_recovered_after_resume()
    {
        await Backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("hang-patient", 2, 2));
        var exporter = await StartExporterAsync();
        await exporter.WaitForAsync(m => m.Has("k8s_deployment_spec_replicas", Obj("hang-patient")) && Up(m, "deployment") == 1,
            Backend.Patience, "exported and up");

        ControlPlane.PauseApiServer();
        try
        {
            var paused = Stopwatch.StartNew();
            var down = await exporter.WaitForAsync(m => Up(m, "deployment") == 0, SilenceNoticed,
                "resource_up 0 for deployments while the apiserver is hung (SIGSTOP: connections open and silent)");
            output.WriteLine($"noticed {paused.Elapsed.TotalSeconds:0.0} s after the apiserver hung");
            Assert.Equal(2, down.Value("k8s_deployment_spec_replicas", Obj("hang-patient"))); // last state still served
        }
        finally
        {
            ControlPlane.ResumeApiServer();
        }
        var resumed = Stopwatch.StartNew();
        await Backend.PatchAsync("apps/v1", "deployments", "default", "hang-patient", new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 4 } });
        await exporter.WaitForAsync(m => ShippedResources.All(r => Up(m, r) == 1) && m.Value("k8s_deployment_spec_replicas", Obj("hang-patient")) == 4,
            BackoffCap + TimeSpan.FromSeconds(4), "every resource up again and the update visible after SIGCONT");
        output.WriteLine($"recovered {resumed.Elapsed.TotalSeconds:0.0} s after the apiserver resumed");
    }

    private Task WaitForExporterStatusAsync(HttpStatusCode expected) =>
        Eventually.PollAsync(() => ControlPlane.GetStatusAsync("apis/apps/v1/deployments?limit=1", ControlPlane.ExporterIdentity),
            s => s == expected, TimeSpan.FromSeconds(30), $"the exporter's identity gets {(int)expected} listing deployments");
}
