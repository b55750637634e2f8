using System.Text.Json.Nodes;
using KubeApiExporter.Tests.Integration.Harness;
using Xunit;

namespace KubeApiExporter.Tests.Integration.Scenarios;

/// <summary><c>namespaces:</c> and <c>labelSelector</c> narrow what is listed and watched, on the API server's side.</summary>
public sealed class SelectorsAndNamespacesTests : IAsyncLifetime
{
    private TestServerBackend _backend = null!;

    public async Task InitializeAsync() => _backend = await TestServerBackend.StartAsync();

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    private static JsonObject InNamespace(JsonObject obj, string ns)
    {
        obj["metadata"]!["namespace"] = ns;
        return obj;
    }

    [Fact]
    public async Task Only_the_configured_namespaces_and_selected_objects_are_exported_and_watched()
    {
        var server = _backend.TestServer;
        server.Create("apps/v1", "deployments", InNamespace(KubeObjects.Minimal.Deployment("a-web", 1, 1), "team-a"));
        server.Create("apps/v1", "deployments", InNamespace(KubeObjects.Minimal.Deployment("b-web", 1, 1), "team-b"));
        server.Create("apps/v1", "deployments", InNamespace(KubeObjects.Minimal.Deployment("c-web", 1, 1), "team-c"));
        var web = InNamespace(KubeObjects.Minimal.Pod("web-pod"), "team-a");
        var batch = InNamespace(KubeObjects.Minimal.Pod("batch-pod"), "team-a");
        batch["metadata"]!["labels"] = new JsonObject { ["app"] = "batch" };
        server.Create("v1", "pods", web);
        server.Create("v1", "pods", batch);

        var config = ExporterConfigFiles.WriteText("""
            namespaces: [team-a, team-b]
            resources:
              - name: deployment
                apiVersion: apps/v1
                resource: deployments
              - name: pod
                apiVersion: v1
                resource: pods
                labelSelector: app=web
            """);
        await using var exporter = ExporterProcess.Start(config, _backend.KubeconfigPath);
        await exporter.WaitReadyAsync(TimeSpan.FromSeconds(60));
        var m = await exporter.ScrapeAsync();

        Assert.True(m.Has("k8s_deployment_spec_replicas", ("namespace", "team-a"), ("name", "a-web")));
        Assert.True(m.Has("k8s_deployment_spec_replicas", ("namespace", "team-b"), ("name", "b-web")));
        Assert.False(m.Has("k8s_deployment_spec_replicas", ("name", "c-web")));
        Assert.True(m.Has("k8s_pod_metadata_generation", ("name", "web-pod")));
        Assert.False(m.Has("k8s_pod_metadata_generation", ("name", "batch-pod")));
        // One list and one watch per namespace for the namespaced kinds.
        Assert.Equal(2, server.ListRequests("deployments"));
        Assert.Equal(1, m.Value("kube_api_exporter_resource_up", ("resource", "deployment")));

        // Watches are scoped the same way: a change in team-b shows, a new object in team-c does not.
        server.Mutate("apps/v1", "deployments", "team-b", "b-web", o => o["spec"]!["replicas"] = 4);
        server.Create("apps/v1", "deployments", InNamespace(KubeObjects.Minimal.Deployment("c-new", 1, 1), "team-c"));
        m = await exporter.WaitForAsync(e => e.Value("k8s_deployment_spec_replicas", ("namespace", "team-b"), ("name", "b-web")) == 4,
            TimeSpan.FromSeconds(5), "team-b update");
        Assert.False(m.Has("k8s_deployment_spec_replicas", ("name", "c-new")));
        Assert.Equal(2, m.Value("kube_api_exporter_objects", ("resource", "deployment")));
    }
}
