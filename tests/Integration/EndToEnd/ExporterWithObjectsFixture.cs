using KubeApiExporter.Tests.Integration.Harness;
using KubeApiExporter.Tests.Integration.Scenarios;
using Xunit;

namespace KubeApiExporter.Tests.Integration.EndToEnd;

/// <summary>
/// One exporter (shipped config) watching the API test server with an object of every default kind,
/// including a pod with two containers; ready once all of them are on /metrics.
/// </summary>
public sealed class ExporterWithObjectsFixture : IAsyncLifetime
{
    private TestServerBackend? _backend;

    public ExporterProcess Exporter { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _backend = await TestServerBackend.StartAsync();
        await _backend.CreateAsync("v1", "pods", KubeObjects.Minimal.Pod("web-1"));
        await _backend.CreateAsync("apps/v1", "deployments", KubeObjects.HelloworldObject());
        await _backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("api", 2, 1));
        await _backend.CreateAsync("batch/v1", "jobs", KubeObjects.Minimal.Job("migrate"));
        await _backend.CreateAsync("v1", "replicationcontrollers", KubeObjects.Minimal.ReplicationController("legacy"));
        await _backend.CreateAsync("apps/v1", "daemonsets", KubeObjects.Minimal.DaemonSet("agent"));
        Exporter = ExporterProcess.Start(ExporterConfigFiles.Write(), _backend.KubeconfigPath);
        await Exporter.WaitReadyAsync(TimeSpan.FromSeconds(60));
        await Exporter.WaitForAsync(m =>
                m.Has("k8s_pod_images", ("pod_name", "web-1"), ("container_name", "sidecar"))
                && m.Has("k8s_pod_spec_resources_requests_cpu", ("name", "web-1"), ("containers", "web"))
                && m.Has("k8s_deployment_spec_replicas", ("name", "helloworld"))
                && m.Has("k8s_deployment_spec_replicas", ("name", "api"))
                && m.Has("k8s_job_status_failed", ("name", "migrate"))
                && m.Has("k8s_rc_spec_replicas", ("name", "legacy"))
                && m.Has("k8s_ds_status_numberAvailable", ("name", "agent")),
            TimeSpan.FromSeconds(10), "series of every object");
    }

    public async Task DisposeAsync()
    {
        if (Exporter is not null)
            await Exporter.DisposeAsync();
        if (_backend is not null)
            await _backend.DisposeAsync();
    }
}
