using System.Text;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using k8s;
using Testcontainers.K3s;
using Xunit;

namespace KubeApiExporter.Tests.Integration.Harness;

/// <summary>
/// One k3s container for a test class (Testcontainers.K3s). Where no Docker engine is reachable,
/// <see cref="SkipReason"/> says so and every k3s test reports itself skipped.
/// </summary>
public sealed class K3sCluster : IAsyncLifetime
{
    /// <summary>Pinned: Testcontainers' default image is years old.</summary>
    public const string Image = "rancher/k3s:v1.31.4-k3s1";

    private K3sContainer? _container;

    public string? SkipReason { get; private set; }
    public string KubeconfigPath { get; private set; } = "";
    public IKubernetes Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (TestcontainersSettings.OS.DockerEndpointAuthConfig is null)
        {
            SkipReason = "no Docker engine: Testcontainers found no Docker endpoint (set DOCKER_HOST or start Docker to run the k3s backend)";
            return;
        }
        try
        {
            _container = new K3sBuilder(Image).Build();
            await _container.StartAsync();
        }
        catch (DockerUnavailableException e)
        {
            SkipReason = $"no Docker engine: {e.Message}";
            return;
        }
        var kubeconfig = await _container.GetKubeconfigAsync();
        KubeconfigPath = Path.Combine(Directory.CreateTempSubdirectory("kae-k3s-").FullName, "kubeconfig");
        await File.WriteAllTextAsync(KubeconfigPath, kubeconfig);
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(new MemoryStream(Encoding.UTF8.GetBytes(kubeconfig))));
    }

    public async Task DisposeAsync()
    {
        if (_container is not null)
            await _container.DisposeAsync();
    }
}
