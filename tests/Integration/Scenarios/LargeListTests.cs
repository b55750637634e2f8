using KubeApiExporter.KubeApiServer;
using KubeApiExporter.Tests.Integration.Harness;
using Xunit;

namespace KubeApiExporter.Tests.Integration.Scenarios;

/// <summary>
/// A list large enough to fill the bounded blocks: every listed object must arrive (back-pressure
/// may delay objects, never drop them), and /readyz must not answer before they are all visible.
/// </summary>
public sealed class LargeListTests : IAsyncLifetime
{
    private const int Pods = 10_000;
    private TestServerBackend _backend = null!;

    public async Task InitializeAsync()
    {
        _backend = await TestServerBackend.StartAsync();
        for (var i = 0; i < Pods; i++)
            _backend.TestServer.Create("v1", "pods", KubeObjects.Generated.Pod(i));
    }

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    [Fact]
    public async Task Every_object_of_a_large_list_is_exported_and_readyz_waits_for_all_of_them()
    {
        await using var exporter = ExporterProcess.Start(ExporterConfigFiles.Write(), _backend.KubeconfigPath);
        await exporter.WaitReadyAsync(TimeSpan.FromSeconds(120));
        // Ready means the first list was applied, so the count is complete at once, not eventually.
        var m = await exporter.ScrapeAsync();
        Assert.Equal(Pods, m.Value("kube_api_exporter_objects", ("resource", "pod")));
        Assert.Equal(Pods, m.Find("k8s_pod_labels").Count());
    }
}
