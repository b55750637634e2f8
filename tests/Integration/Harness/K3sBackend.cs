using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeApiExporter.KubeApiServer;

namespace KubeApiExporter.Tests.Integration.Harness;

/// <summary>A real cluster (k3s in Docker), driven with KubernetesClient as a user's tooling would.</summary>
public sealed class K3sBackend(K3sCluster cluster) : IClusterBackend
{
    public string Name => "k3s";
    public string KubeconfigPath => cluster.KubeconfigPath;
    public KubeApiTestServer? TestServer => null;
    /// <summary>Real controllers (and image pulls) fill in status.</summary>
    public TimeSpan Patience => TimeSpan.FromMinutes(3);

    public async Task CreateAsync(string apiVersion, string plural, JsonObject obj)
    {
        var (group, version) = Split(apiVersion);
        var body = (JsonObject)obj.DeepClone();
        body.Remove("status"); // status is the controllers' to write
        var ns = body["metadata"]?["namespace"]?.GetValue<string>();
        if (ns is null)
            await cluster.Client.CustomObjects.CreateClusterCustomObjectAsync(body, group, version, plural);
        else
            await cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(body, group, version, ns, plural);
    }

    public async Task PatchAsync(string apiVersion, string plural, string? ns, string name, JsonObject mergePatch)
    {
        var (group, version) = Split(apiVersion);
        var patch = new V1Patch(mergePatch.ToJsonString(), V1Patch.PatchType.MergePatch);
        if (ns is null)
            await cluster.Client.CustomObjects.PatchClusterCustomObjectAsync(patch, group, version, plural, name);
        else
            await cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, group, version, ns, plural, name);
    }

    public async Task DeleteAsync(string apiVersion, string plural, string? ns, string name)
    {
        var (group, version) = Split(apiVersion);
        if (ns is null)
            await cluster.Client.CustomObjects.DeleteClusterCustomObjectAsync(group, version, plural, name);
        else
            await cluster.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(group, version, ns, plural, name);
    }

    public async Task InstallWidgetCrdAsync()
    {
        var crd = JsonNode.Parse("""
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
             "metadata":{"name":"widgets.example.com"},
             "spec":{"group":"example.com","scope":"Namespaced",
               "names":{"plural":"widgets","singular":"widget","kind":"Widget"},
               "versions":[{"name":"v1","served":true,"storage":true,
                 "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
            """)!;
        try
        {
            await cluster.Client.CustomObjects.CreateClusterCustomObjectAsync(crd, "apiextensions.k8s.io", "v1", "customresourcedefinitions");
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
        }
        // Wait until the API server serves the new kind.
        await Eventually.PollAsync(async () =>
            {
                try
                {
                    await cluster.Client.CustomObjects.ListClusterCustomObjectAsync("example.com", "v1", "widgets");
                    return true;
                }
                catch (k8s.Autorest.HttpOperationException)
                {
                    return false; // not served yet
                }
            }, served => served, TimeSpan.FromSeconds(60), "the API server serves example.com/v1 widgets",
            interval: TimeSpan.FromMilliseconds(250));
    }

    private static (string Group, string Version) Split(string apiVersion) =>
        apiVersion.Contains('/') ? (apiVersion[..apiVersion.IndexOf('/')], apiVersion[(apiVersion.IndexOf('/') + 1)..]) : ("", apiVersion);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
