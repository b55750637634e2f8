using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using KubeApiExporter.Tests.Integration.Harness;
using Xunit;

namespace KubeApiExporter.Tests.Integration.Scenarios;

/// <summary>
/// The integration scenarios of the exporter, run as a user runs it (its own process, a kubeconfig,
/// real HTTP) against a backend. Subclasses pick the backend: the in-repo API test server, a real
/// control plane (kube-apiserver, etcd, kube-controller-manager), or k3s.
/// Synchronisation is by polling /metrics with a deadline, never by sleeping.
/// </summary>
public abstract class ExporterScenarios : IAsyncLifetime
{
    /// <summary>README, "Freshness, staleness and faults": a change in the API shows on /metrics within 1 second.</summary>
    protected static readonly TimeSpan Visible = TimeSpan.FromSeconds(1);
    protected static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);

    private readonly List<ExporterProcess> _exporters = [];
    private IClusterBackend? _backend;

    protected abstract string? SkipReason { get; }
    protected abstract Task<IClusterBackend> CreateBackendAsync();

    protected IClusterBackend Backend => _backend!;

    public async Task InitializeAsync()
    {
        if (SkipReason is null)
            _backend = await CreateBackendAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var e in _exporters)
            await e.DisposeAsync();
        if (_backend is not null)
            await _backend.DisposeAsync();
    }

    protected void SkipUnlessAvailable() => Skip.If(SkipReason is not null, SkipReason);

    protected void SkipUnlessFaultsPossible()
    {
        SkipUnlessAvailable();
        Skip.If(Backend.TestServer is null, "needs fault injection that only the in-repo API test server can do");
    }

    protected Task<ExporterProcess> StartExporterAsync(string? extraResources = null, bool waitReady = true) =>
        StartExporterWithConfigAsync(ExporterConfigFiles.Write(extraResources), waitReady);

    protected async Task<ExporterProcess> StartExporterWithConfigAsync(string configPath, bool waitReady = true)
    {
        var exporter = ExporterProcess.Start(configPath, Backend.KubeconfigPath);
        _exporters.Add(exporter);
        if (waitReady)
            await exporter.WaitReadyAsync(Startup);
        return exporter;
    }

    private static (string, string)[] Obj(string name) => [("namespace", "default"), ("name", name)];

    [SkippableFact]
    public async Task Helloworld_deployment_gives_the_eight_README_samples()
    {
        SkipUnlessAvailable();
        await Backend.CreateAsync("apps/v1", "deployments", KubeObjects.HelloworldObject());
        var exporter = await StartExporterAsync();

        string[] expected =
        [
            """k8s_deployment_metadata_generation{name="helloworld",namespace="default"} 2""",
            """k8s_deployment_spec_replicas{name="helloworld",namespace="default"} 1""",
            """k8s_deployment_spec_strategy_rollingUpdate_maxSurge{name="helloworld",namespace="default"} 1""",
            """k8s_deployment_spec_template_spec_terminationGracePeriodSeconds{name="helloworld",namespace="default"} 30""",
            Backend.PodsBecomeAvailable
                ? """k8s_deployment_status_availableReplicas{name="helloworld",namespace="default"} 1"""
                // Without a kubelet the pod stays Pending: the controller reports it unavailable
                // (and, zero being omitted, no availableReplicas at all).
                : """k8s_deployment_status_unavailableReplicas{name="helloworld",namespace="default"} 1""",
            """k8s_deployment_status_observedGeneration{name="helloworld",namespace="default"} 2""",
            """k8s_deployment_status_replicas{name="helloworld",namespace="default"} 1""",
            """k8s_deployment_status_updatedReplicas{name="helloworld",namespace="default"} 1""",
        ];
        // An API server starts generation at 1: bump it to 2 with a spec change, as in the README's story.
        await Backend.PatchAsync("apps/v1", "deployments", "default", "helloworld",
            new JsonObject { ["spec"] = new JsonObject { ["revisionHistoryLimit"] = 5 } });
        await exporter.WaitForAsync(m => expected.All(m.HasLine), Backend.Patience, "the eight quick-start samples of helloworld");
    }

    [SkippableFact]
    public async Task Every_default_kind_is_exported_with_pod_labels_and_images()
    {
        SkipUnlessAvailable();
        await Backend.CreateAsync("v1", "pods", KubeObjects.Minimal.Pod("web-1"));
        await Backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("api", 2, 2));
        await Backend.CreateAsync("batch/v1", "jobs", KubeObjects.Minimal.Job("migrate"));
        await Backend.CreateAsync("v1", "replicationcontrollers", KubeObjects.Minimal.ReplicationController("legacy"));
        await Backend.CreateAsync("apps/v1", "daemonsets", KubeObjects.Minimal.DaemonSet("agent"));
        var exporter = await StartExporterAsync();

        var m = await exporter.WaitForAsync(m =>
                m.Has("k8s_pod_labels", ("namespace", "default"), ("pod_name", "web-1"), ("app", "web"), ("tier", "frontend"))
                && m.Has("k8s_pod_images", ("namespace", "default"), ("pod_name", "web-1"), ("container_name", "web"), ("image", "nginx:1.27"))
                && m.Has("k8s_pod_images", ("pod_name", "web-1"), ("container_name", "sidecar"), ("image", "busybox:1.36"))
                && m.Has("k8s_deployment_spec_replicas", Obj("api"))
                && m.Has("k8s_job_spec_backoffLimit", Obj("migrate"))
                && m.Has("k8s_rc_spec_replicas", Obj("legacy"))
                && m.Has("k8s_ds_metadata_generation", Obj("agent")),
            Backend.Patience, "series of every default kind");
        Assert.Equal(1, m.Value("k8s_pod_labels", ("pod_name", "web-1")));
        if (Backend.TestServer is not null)
        {
            // Status is ours to set only on the test server; on k3s the controllers own it.
            Assert.Equal(0.25, m.Value("k8s_pod_spec_resources_requests_cpu", ("name", "web-1"), ("containers", "web")));
            Assert.Equal(2, m.Value("k8s_pod_status_restartCount", ("name", "web-1"), ("containerStatuses", "sidecar")));
            Assert.Equal(3, m.Value("k8s_job_status_failed", Obj("migrate")));
            Assert.Equal(0, m.Value("k8s_job_status_succeeded", Obj("migrate"))); // zeroFill
            Assert.Equal(2, m.Value("k8s_ds_status_numberAvailable", Obj("agent")));
        }
    }

    [SkippableFact]
    public async Task Update_is_visible_within_one_second()
    {
        SkipUnlessAvailable();
        await Backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("scale-me", 1, 1));
        var exporter = await StartExporterAsync();
        await exporter.WaitForAsync(m => m.Value("k8s_deployment_spec_replicas", Obj("scale-me")) == 1, Backend.Patience, "initial replicas");

        var changed = Stopwatch.StartNew();
        await Backend.PatchAsync("apps/v1", "deployments", "default", "scale-me", new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 3 } });
        await exporter.WaitForAsync(m => m.Value("k8s_deployment_spec_replicas", Obj("scale-me")) == 3, Visible, "spec.replicas 3 after the patch");
        Assert.True(changed.Elapsed <= Visible + TimeSpan.FromMilliseconds(200), $"visible after {changed.Elapsed.TotalMilliseconds:0} ms");
    }

    [SkippableFact]
    public async Task Deleted_object_series_vanish_within_one_second()
    {
        SkipUnlessAvailable();
        await Backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("doomed", 1, 1));
        await Backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("survivor", 1, 1));
        var exporter = await StartExporterAsync();
        await exporter.WaitForAsync(m => m.Has("k8s_deployment_spec_replicas", Obj("doomed")), Backend.Patience, "doomed exported");

        await Backend.DeleteAsync("apps/v1", "deployments", "default", "doomed");
        var m = await exporter.WaitForAsync(m => !m.Samples.Any(s => s.Labels.GetValueOrDefault("name") == "doomed" && s.Name.StartsWith("k8s_deployment_")),
            Visible, "no series of the deleted deployment");
        Assert.True(m.Has("k8s_deployment_spec_replicas", Obj("survivor")));
    }

    [SkippableFact]
    public async Task Field_removed_by_an_update_takes_its_series_with_it()
    {
        SkipUnlessAvailable();
        var d = KubeObjects.Minimal.Deployment("trim", 1, 1);
        d["spec"]!["progressDeadlineSeconds"] = 120;
        d["spec"]!["minReadySeconds"] = 7;
        await Backend.CreateAsync("apps/v1", "deployments", d);
        var exporter = await StartExporterAsync();
        await exporter.WaitForAsync(m => m.Value("k8s_deployment_spec_minReadySeconds", Obj("trim")) == 7, Backend.Patience, "minReadySeconds exported");

        await Backend.PatchAsync("apps/v1", "deployments", "default", "trim", new JsonObject { ["spec"] = new JsonObject { ["minReadySeconds"] = null } });
        var m = await exporter.WaitForAsync(m => !m.Has("k8s_deployment_spec_minReadySeconds", Obj("trim")), Visible, "minReadySeconds gone");
        Assert.Equal(120, m.Value("k8s_deployment_spec_progressDeadlineSeconds", Obj("trim")));
    }

    [SkippableFact]
    public async Task Crd_resource_configured_in_exporter_yaml_is_exported()
    {
        SkipUnlessAvailable();
        await Backend.InstallWidgetCrdAsync();
        await Backend.CreateAsync("example.com/v1", "widgets", KubeObjects.Minimal.Widget("gizmo", 4));
        var exporter = await StartExporterAsync(ExporterConfigFiles.WidgetResource);

        var m = await exporter.WaitForAsync(m => m.Has("k8s_widget_spec_size", Obj("gizmo")), Backend.Patience, "widget series");
        Assert.Equal(4, m.Value("k8s_widget_spec_size", Obj("gizmo")));
        Assert.Equal(1, m.Value("k8s_widget_spec_enabled", Obj("gizmo")));
        Assert.Equal(1.5, m.Value("k8s_widget_spec_weight", ("name", "gizmo"), ("parts", "a")));
        Assert.Equal("spec.size of example.com/v1 widgets", m.Help["k8s_widget_spec_size"]);

        await Backend.PatchAsync("example.com/v1", "widgets", "default", "gizmo", new JsonObject { ["spec"] = new JsonObject { ["size"] = 9 } });
        await exporter.WaitForAsync(m => m.Value("k8s_widget_spec_size", Obj("gizmo")) == 9, Visible, "widget update");
    }

    [SkippableFact]
    public async Task Watch_closed_by_the_server_is_resumed_and_updates_still_flow()
    {
        SkipUnlessFaultsPossible();
        var server = Backend.TestServer!;
        await Backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("steady", 1, 1));
        var exporter = await StartExporterAsync();
        var lists = server.ListRequests("deployments");

        server.CloseAllWatches();
        await Backend.PatchAsync("apps/v1", "deployments", "default", "steady", new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 4 } });
        var m = await exporter.WaitForAsync(m => m.Value("k8s_deployment_spec_replicas", Obj("steady")) == 4, TimeSpan.FromSeconds(5), "update after the watch was closed");
        Assert.True(m.Sum("kube_api_exporter_watch_restarts_total", ("resource", "deployment"), ("reason", "closed")) >= 1);
        Assert.Equal(lists, server.ListRequests("deployments")); // resumed from its resourceVersion: no re-list
    }

    [SkippableFact]
    public async Task Expired_watch_relists_and_an_object_deleted_during_the_gap_disappears()
    {
        SkipUnlessFaultsPossible();
        var server = Backend.TestServer!;
        await Backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("keeper", 1, 1));
        await Backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("ghost", 1, 1));
        var exporter = await StartExporterAsync();
        await exporter.WaitForAsync(m => m.Has("k8s_deployment_spec_replicas", Obj("ghost")), Backend.Patience, "ghost exported");

        // The gap: the exporter is disconnected, the object goes, history is compacted past the exporter's resourceVersion.
        await server.StopAsync();
        server.Delete("apps/v1", "deployments", "default", "ghost");
        server.CompactHistory();
        await server.RestartAsync();

        var m = await exporter.WaitForAsync(m => !m.Has("k8s_deployment_spec_replicas", Obj("ghost")), TimeSpan.FromSeconds(15), "ghost removed by the re-list");
        Assert.True(m.Has("k8s_deployment_spec_replicas", Obj("keeper")));
        Assert.True(m.Sum("kube_api_exporter_watch_restarts_total", ("resource", "deployment"), ("reason", "expired")) >= 1);
    }

    [SkippableFact]
    public async Task Api_server_gone_keeps_last_state_with_resource_up_0_then_recovers()
    {
        SkipUnlessFaultsPossible();
        var server = Backend.TestServer!;
        await Backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("durable", 2, 2));
        var exporter = await StartExporterAsync();
        await exporter.WaitForAsync(m => m.Value("kube_api_exporter_resource_up", ("resource", "deployment")) == 1, Backend.Patience, "resource up");

        await server.StopAsync();
        var down = await exporter.WaitForAsync(m => m.Value("kube_api_exporter_resource_up", ("resource", "deployment")) == 0, TimeSpan.FromSeconds(15), "resource_up 0 while the API is gone");
        Assert.Equal(2, down.Value("k8s_deployment_spec_replicas", Obj("durable")));

        await server.RestartAsync();
        server.Mutate("apps/v1", "deployments", "default", "durable", o => o["spec"]!["replicas"] = 5);
        await exporter.WaitForAsync(m => m.Value("kube_api_exporter_resource_up", ("resource", "deployment")) == 1
                                         && m.Value("k8s_deployment_spec_replicas", Obj("durable")) == 5,
            TimeSpan.FromSeconds(40), "recovered: up again and the update visible");
    }

    [SkippableFact]
    public async Task Forbidden_resource_leaves_the_others_working_and_readyz_settles()
    {
        SkipUnlessFaultsPossible();
        var server = Backend.TestServer!;
        server.FailRequests(int.MaxValue, 403, "jobs");
        await Backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("fine", 1, 1));
        var exporter = await StartExporterAsync(); // waits for /readyz 200

        var m = await exporter.WaitForAsync(m => m.Has("k8s_deployment_spec_replicas", Obj("fine")), Backend.Patience, "deployments unaffected");
        Assert.Equal(0, m.Value("kube_api_exporter_resource_up", ("resource", "job")));
        Assert.Equal(1, m.Value("kube_api_exporter_resource_up", ("resource", "deployment")));
        Assert.True(m.Sum("kube_api_exporter_list_requests_total", ("resource", "job"), ("code", "403")) >= 1);
        await exporter.WaitForLogAsync(l => l.Contains("403") && l.Contains("ClusterRole"), TimeSpan.FromSeconds(5), "the 403 with the ClusterRole fix");
    }

    [SkippableFact]
    public async Task Scrapes_cause_no_api_requests()
    {
        SkipUnlessFaultsPossible();
        var server = Backend.TestServer!;
        await Backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("quiet", 1, 1));
        var exporter = await StartExporterAsync();
        await exporter.WaitForAsync(m => m.Has("k8s_deployment_spec_replicas", Obj("quiet")), Backend.Patience, "exported");

        var before = server.TotalRequests;
        for (var i = 0; i < 20; i++)
            await exporter.ScrapeAsync();
        Assert.Equal(before, server.TotalRequests);
        Assert.Equal(1, server.ListRequests("deployments"));
        Assert.Equal(1, server.WatchRequests("deployments"));
    }

    [SkippableFact]
    public async Task Readyz_is_503_before_the_first_list_and_200_after()
    {
        SkipUnlessAvailable();
        if (Backend.TestServer is { } server)
            server.ResponseDelay = TimeSpan.FromSeconds(2);
        var exporter = await StartExporterAsync(waitReady: false);

        if (Backend.TestServer is not null)
        {
            var early = await Eventually.PollAsync(() => exporter.GetAsync("readyz"), _ => true, Startup, "an answer from /readyz",
                interval: TimeSpan.FromMilliseconds(20));
            Assert.NotNull(early);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, early!.StatusCode);
            Assert.Contains("deployment", await early.Content.ReadAsStringAsync());
            Backend.TestServer.ResponseDelay = TimeSpan.Zero;
        }
        await exporter.WaitReadyAsync(Startup);
    }

    [SkippableFact]
    public async Task Config_reload_applies_a_valid_file_and_refuses_a_bad_one()
    {
        SkipUnlessAvailable();
        await Backend.InstallWidgetCrdAsync();
        await Backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("reloaded", 2, 2));
        await Backend.CreateAsync("example.com/v1", "widgets", KubeObjects.Minimal.Widget("cog", 3));
        var shipped = File.ReadAllText(RepoPaths.ShippedConfig).TrimEnd() + "\n";
        var configMap = new ConfigMapDirectory(shipped);
        var exporter = await StartExporterWithConfigAsync(configMap.ConfigPath);
        await exporter.WaitForAsync(m => m.Has("k8s_deployment_spec_replicas", Obj("reloaded")), Backend.Patience, "deployment exported");
        var deploymentLists = Backend.TestServer?.ListRequests("deployments");

        // 1. Valid: a resource added (widgets), one removed (ds), a rule changed (deployment excludes spec.replicas).
        var changed = shipped
            .Replace("    listKeys: {containers: name, initContainers: name}\n", "    listKeys: {containers: name, initContainers: name}\n    exclude: [spec.replicas]\n")
            .Replace("  - name: ds\n    apiVersion: apps/v1\n    resource: daemonsets\n    listKeys: {containers: name}\n", "")
            + ExporterConfigFiles.WidgetResource.TrimEnd() + "\n";
        Assert.NotEqual(shipped, changed);
        configMap.Publish(changed);
        var m = await exporter.WaitForAsync(m =>
                m.Has("k8s_widget_spec_size", Obj("cog"))
                && !m.Has("k8s_deployment_spec_replicas", Obj("reloaded"))
                && m.Has("k8s_deployment_status_replicas", Obj("reloaded")) // the rest of the deployment stays (status.replicas: set on every backend)
                && !m.Has("kube_api_exporter_resource_up", ("resource", "ds")),
            TimeSpan.FromSeconds(15), "new config applied without restart");
        Assert.Equal(1, m.Value("kube_api_exporter_config_reloads_total", ("result", "applied")));
        Assert.False(exporter.HasExited);
        if (Backend.TestServer is { } server)
        {
            Assert.Equal(deploymentLists + 1, server.ListRequests("deployments")); // only the changed resource re-listed
            Assert.Equal(1, server.ListRequests("pods"));
        }

        // 2. Invalid: refused, counted, and the running config stays.
        configMap.Publish(changed + "  - name: broken\n    apiVersion: v1\n    resorce: pods\n");
        m = await exporter.WaitForAsync(m => m.Value("kube_api_exporter_config_reloads_total", ("result", "rejected")) == 1,
            TimeSpan.FromSeconds(15), "bad config refused");
        Assert.True(m.Has("k8s_widget_spec_size", Obj("cog")));
        await exporter.WaitForLogAsync(l => l.Contains("Config reload refused") && l.Contains("resorce"), TimeSpan.FromSeconds(5), "the refused reload, naming the bad key");

        // 3. Valid again after the bad one: back to the shipped config.
        configMap.Publish(shipped);
        await exporter.WaitForAsync(m => m.Has("k8s_deployment_spec_replicas", Obj("reloaded")) && !m.Has("k8s_widget_spec_size", Obj("cog"))
                                         && m.Value("kube_api_exporter_config_reloads_total", ("result", "applied")) == 2,
            TimeSpan.FromSeconds(15), "shipped config applied again");
    }
}
