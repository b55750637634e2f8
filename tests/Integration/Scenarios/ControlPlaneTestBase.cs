using KubeApiExporter.Tests.Integration.Harness;
using Xunit;

namespace KubeApiExporter.Tests.Integration.Scenarios;

/// <summary>
/// What the control-plane-only tests (<see cref="ControlPlaneFactAttribute"/>) share: the backend,
/// and exporters (run as the shipped ServiceAccount) that are stopped when the test ends.
/// </summary>
public abstract class ControlPlaneTestBase(ControlPlane controlPlane) : IAsyncLifetime
{
    protected static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);
    /// <summary>README "Freshness": retries back off up to 30 s, ±20% jitter.</summary>
    protected static readonly TimeSpan BackoffCap = TimeSpan.FromSeconds(36);

    private readonly List<ExporterProcess> _exporters = [];

    protected ControlPlane ControlPlane => controlPlane;
    protected ControlPlaneBackend Backend { get; } = new(controlPlane);

    protected async Task<ExporterProcess> StartExporterAsync(string? extraResources = null)
    {
        var exporter = ExporterProcess.Start(ExporterConfigFiles.Write(extraResources), controlPlane.ExporterKubeconfig);
        _exporters.Add(exporter);
        await exporter.WaitReadyAsync(Startup);
        return exporter;
    }

    protected static (string, string)[] Obj(string name) => [("namespace", "default"), ("name", name)];

    protected static double? Up(KubeApiExporter.Tests.Shared.Exposition m, string resource) =>
        m.Value("kube_api_exporter_resource_up", ("resource", resource));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var e in _exporters)
        {
            if (!e.HasExited)
                await e.SignalAsync("CONT"); // a test may have paused it
            await e.DisposeAsync();
        }
    }
}
