using System.Diagnostics;
using System.Text.Json.Nodes;
using KubeApiExporter.Tests.Integration.Harness;
using KubeApiExporter.Tests.Shared;
using Xunit;

namespace KubeApiExporter.Tests.Integration.Scenarios;

/// <summary>
/// The exporter process, with its production timings, against API faults of the in-repo server over
/// plain HTTP/1.1 (no HTTP/2 pings): a transient 403 such as an API server whose RBAC authorizer has not
/// synced after a restart, and a hung server whose connections stay open and silent (as under SIGSTOP).
/// </summary>
public sealed class ApiFaultRecoveryTests : IAsyncLifetime
{
    private static readonly string[] ShippedResources = ["deployment", "pod", "job", "rc", "ds"];
    private TestServerBackend _backend = null!;
    private ExporterProcess? _exporter;

    public async Task InitializeAsync() => _backend = await TestServerBackend.StartAsync();

    public async Task DisposeAsync()
    {
        _backend.TestServer.HangAll = false;
        if (_exporter is not null)
            await _exporter.DisposeAsync();
        await _backend.DisposeAsync();
    }

    private static (string, string)[] Obj(string name) => [("namespace", "default"), ("name", name)];

    private static double? Up(Exposition m, string resource) => m.Value("kube_api_exporter_resource_up", ("resource", resource));

    [Fact]
    public async Task A_transient_403_on_every_resource_costs_seconds_and_is_not_logged_as_missing_RBAC()
    {
        var server = _backend.TestServer;
        await _backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("early", 1, 1));
        server.FailRequests(int.MaxValue, 403);

        _exporter = ExporterProcess.Start(ExporterConfigFiles.Write(), _backend.KubeconfigPath);
        await _exporter.WaitForAsync(m => ShippedResources.All(r => m.Sum("kube_api_exporter_list_requests_total", ("resource", r), ("code", "403")) >= 1),
            TimeSpan.FromSeconds(60), "every resource answered 403");
        await Task.Delay(TimeSpan.FromSeconds(2)); // the authorizer syncs a couple of seconds later
        server.ClearFaults();
        var cleared = Stopwatch.StartNew();
        await _exporter.WaitForAsync(m => ShippedResources.All(r => Up(m, r) == 1) && m.Has("k8s_deployment_spec_replicas", Obj("early")),
            TimeSpan.FromSeconds(6), "every resource up within seconds of the 403s ending");

        Assert.True(cleared.Elapsed < TimeSpan.FromSeconds(6), $"up {cleared.Elapsed.TotalSeconds:0.0} s after the 403s ended");
        Assert.Contains(_exporter.Output, l => l.Contains("answered 403 Forbidden; retrying with backoff") && l.Contains("Expected for a few seconds after an API server restart"));
        Assert.DoesNotContain(_exporter.Output, l => l.Contains("still answers 403"));
        await _exporter.WaitForLogAsync(l => l.Contains("deployment: apps/v1 deployments is readable now"), TimeSpan.FromSeconds(5), "the recovery");
    }

    [Fact]
    public async Task A_hung_API_server_is_noticed_within_45_seconds_and_the_watches_resume_after_it_answers_again()
    {
        var server = _backend.TestServer;
        await _backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("patient", 2, 2));
        _exporter = ExporterProcess.Start(ExporterConfigFiles.Write(), _backend.KubeconfigPath);
        await _exporter.WaitReadyAsync(TimeSpan.FromSeconds(60));
        await _exporter.WaitForAsync(m => m.Has("k8s_deployment_spec_replicas", Obj("patient")) && ShippedResources.All(r => Up(m, r) == 1),
            TimeSpan.FromSeconds(20), "exported and up");

        server.HangAll = true;
        var hung = Stopwatch.StartNew();
        var down = await _exporter.WaitForAsync(m => ShippedResources.All(r => Up(m, r) == 0), TimeSpan.FromSeconds(45),
            "resource_up 0 for every resource while the server is hung");
        var noticed = hung.Elapsed;
        await _backend.PatchAsync("apps/v1", "deployments", "default", "patient", new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 4 } });
        server.HangAll = false;
        var released = Stopwatch.StartNew();
        var back = await _exporter.WaitForAsync(m => ShippedResources.All(r => Up(m, r) == 1) && m.Value("k8s_deployment_spec_replicas", Obj("patient")) == 4,
            TimeSpan.FromSeconds(35), "every resource up again and the change made while hung visible");

        Assert.InRange(noticed, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(45)); // bookmarks each second: the silence starts at the hang
        Assert.Equal(2, down.Value("k8s_deployment_spec_replicas", Obj("patient"))); // the last state is still served
        Assert.True(down.Sum("kube_api_exporter_watch_restarts_total", ("resource", "deployment"), ("reason", "silent")) >= 1);
        Assert.Equal(1, back.Sum("kube_api_exporter_list_requests_total", ("resource", "deployment"), ("code", "200"))); // resumed, not re-listed
        Assert.Contains(_exporter.Output, l => l.Contains("deployment: apps/v1 deployments failed (no data for 3") && l.Contains("s, then no answer to GET /version within 10 s)"));
        Assert.True(released.Elapsed < TimeSpan.FromSeconds(35));
    }
}
