using System.Text.Json.Nodes;
using KubeApiExporter.KubeApiServer;

namespace KubeApiExporter.Tests.Integration.Harness;

/// <summary>A real cluster (k3s in Docker), driven with KubernetesClient as a user's tooling would.</summary>
public sealed class K3sBackend(K3sCluster cluster) : IClusterBackend
{
    private readonly KubernetesClientWrites _writes = new(cluster.Client);

    public string Name => "k3s";
    public string KubeconfigPath => cluster.KubeconfigPath;
    public KubeApiTestServer? TestServer => null;
    /// <summary>Real controllers (and image pulls) fill in status.</summary>
    public TimeSpan Patience => TimeSpan.FromMinutes(3);
    public bool PodsBecomeAvailable => true;

    public Task CreateAsync(string apiVersion, string plural, JsonObject obj) => _writes.CreateAsync(apiVersion, plural, obj);

    public Task PatchAsync(string apiVersion, string plural, string? ns, string name, JsonObject mergePatch) =>
        _writes.PatchAsync(apiVersion, plural, ns, name, mergePatch);

    public Task DeleteAsync(string apiVersion, string plural, string? ns, string name) => _writes.DeleteAsync(apiVersion, plural, ns, name);

    public Task InstallWidgetCrdAsync() => _writes.InstallWidgetCrdAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
