using System.Text.Json.Nodes;
using KubeApiExporter.KubeApiServer;

namespace KubeApiExporter.Tests.Integration.Harness;

/// <summary>The in-repo Kubernetes API test server: runs everywhere, and can inject faults.</summary>
public sealed class TestServerBackend : IClusterBackend
{
    private readonly string _dir;

    private TestServerBackend(KubeApiTestServer server, string dir)
    {
        TestServer = server;
        _dir = dir;
        KubeconfigPath = server.WriteKubeconfig(dir);
    }

    public static async Task<TestServerBackend> StartAsync()
    {
        var server = await KubeApiTestServer.StartAsync(new KubeApiTestServerOptions());
        server.AddDefaultResources();
        return new TestServerBackend(server, Directory.CreateTempSubdirectory("kae-it-").FullName);
    }

    public string Name => "test-server";
    public string KubeconfigPath { get; }
    public KubeApiTestServer TestServer { get; }
    KubeApiTestServer? IClusterBackend.TestServer => TestServer;
    public TimeSpan Patience => TimeSpan.FromSeconds(10);
    public bool PodsBecomeAvailable => true;

    public Task CreateAsync(string apiVersion, string plural, JsonObject obj)
    {
        TestServer.Create(apiVersion, plural, (JsonObject)obj.DeepClone());
        return Task.CompletedTask;
    }

    public Task PatchAsync(string apiVersion, string plural, string? ns, string name, JsonObject mergePatch)
    {
        TestServer.Mutate(apiVersion, plural, ns, name, o => MergePatch.Apply(o, mergePatch));
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string apiVersion, string plural, string? ns, string name)
    {
        TestServer.Delete(apiVersion, plural, ns, name);
        return Task.CompletedTask;
    }

    public Task InstallWidgetCrdAsync()
    {
        TestServer.AddResource("example.com/v1", "widgets", "Widget", namespaced: true);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await TestServer.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
