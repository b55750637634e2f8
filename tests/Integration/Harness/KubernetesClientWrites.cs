using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace KubeApiExporter.Tests.Integration.Harness;

/// <summary>
/// The scenarios' writes to a real API server (k3s, the control plane) through KubernetesClient,
/// as a user's tooling makes them: objects are sent without what the server owns.
/// </summary>
public sealed class KubernetesClientWrites(IKubernetes client)
{
    public async Task CreateAsync(string apiVersion, string plural, JsonObject obj)
    {
        var (group, version) = Split(apiVersion);
        var body = WithoutServerOwnedFields(obj);
        var ns = body["metadata"]?["namespace"]?.GetValue<string>();
        if (ns is null)
            await client.CustomObjects.CreateClusterCustomObjectAsync(body, group, version, plural);
        else
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(body, group, version, ns, plural);
    }

    public async Task PatchAsync(string apiVersion, string plural, string? ns, string name, JsonObject mergePatch)
    {
        var (group, version) = Split(apiVersion);
        var patch = new V1Patch(mergePatch.ToJsonString(), V1Patch.PatchType.MergePatch);
        if (ns is null)
            await client.CustomObjects.PatchClusterCustomObjectAsync(patch, group, version, plural, name);
        else
            await client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, group, version, ns, plural, name);
    }

    public async Task DeleteAsync(string apiVersion, string plural, string? ns, string name)
    {
        var (group, version) = Split(apiVersion);
        if (ns is null)
            await client.CustomObjects.DeleteClusterCustomObjectAsync(group, version, plural, name);
        else
            await client.CustomObjects.DeleteNamespacedCustomObjectAsync(group, version, ns, plural, name);
    }

    /// <summary>Installs the CRD example.com/v1 widgets and waits until the API server serves it.</summary>
    public Task InstallWidgetCrdAsync() => InstallCrdAsync("example.com", "widgets", "Widget");

    /// <summary>Installs a namespaced v1 CRD that keeps any fields, and waits until the API server serves it.</summary>
    public async Task InstallCrdAsync(string group, string plural, string kind)
    {
        var crd = JsonNode.Parse($$$$"""
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
             "metadata":{"name":"{{{{plural}}}}.{{{{group}}}}"},
             "spec":{"group":"{{{{group}}}}","scope":"Namespaced",
               "names":{"plural":"{{{{plural}}}}","singular":"{{{{kind.ToLowerInvariant()}}}}","kind":"{{{{kind}}}}"},
               "versions":[{"name":"v1","served":true,"storage":true,
                 "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
            """)!;
        await CreateUnlessExistsAsync(crd, "apiextensions.k8s.io", "v1", "customresourcedefinitions");
        // Wait until the API server serves the new kind.
        await Eventually.PollAsync(async () =>
            {
                try
                {
                    await client.CustomObjects.ListClusterCustomObjectAsync(group, "v1", plural);
                    return true;
                }
                catch (k8s.Autorest.HttpOperationException)
                {
                    return false; // not served yet
                }
            }, served => served, TimeSpan.FromSeconds(60), $"the API server serves {group}/v1 {plural}",
            interval: TimeSpan.FromMilliseconds(250));
    }

    /// <summary>Creates a cluster-scoped object; one that already exists is left as it is.</summary>
    public async Task CreateUnlessExistsAsync(JsonNode body, string group, string version, string plural)
    {
        try
        {
            await client.CustomObjects.CreateClusterCustomObjectAsync(body, group, version, plural);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
        }
    }

    /// <summary>
    /// A copy without status (the controllers' to write) and without the metadata the server
    /// assigns: an API server refuses a create that carries a resourceVersion.
    /// </summary>
    public static JsonObject WithoutServerOwnedFields(JsonObject obj)
    {
        var body = (JsonObject)obj.DeepClone();
        body.Remove("status");
        if (body["metadata"] is JsonObject metadata)
            foreach (var field in new[] { "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink" })
                metadata.Remove(field);
        return body;
    }

    private static (string Group, string Version) Split(string apiVersion) =>
        apiVersion.Contains('/') ? (apiVersion[..apiVersion.IndexOf('/')], apiVersion[(apiVersion.IndexOf('/') + 1)..]) : ("", apiVersion);
}
