using System.Text.Json.Nodes;
using KubeApiExporter.KubeApiServer;

namespace KubeApiExporter.Tests.Integration.Harness;

/// <summary>
/// The real control plane as a scenario backend: changes are made as the admin, the exporter runs
/// as the shipped ServiceAccount's identity, so the shipped ClusterRole decides what it reads.
/// </summary>
public sealed class ControlPlaneBackend(ControlPlane controlPlane) : IClusterBackend
{
    private readonly KubernetesClientWrites _writes = new(controlPlane.Admin);

    public string Name => "control-plane";
    public string KubeconfigPath => controlPlane.ExporterKubeconfig;
    public KubeApiTestServer? TestServer => null;
    /// <summary>The controller-manager writes status within a second or two; a shared CPU can slow it.</summary>
    public TimeSpan Patience => TimeSpan.FromSeconds(30);
    /// <summary>No kubelet: pods stay Pending, deployments never become available.</summary>
    public bool PodsBecomeAvailable => false;

    public Task CreateAsync(string apiVersion, string plural, JsonObject obj) => _writes.CreateAsync(apiVersion, plural, obj);

    public Task PatchAsync(string apiVersion, string plural, string? ns, string name, JsonObject mergePatch) =>
        _writes.PatchAsync(apiVersion, plural, ns, name, mergePatch);

    public Task DeleteAsync(string apiVersion, string plural, string? ns, string name) => _writes.DeleteAsync(apiVersion, plural, ns, name);

    /// <summary>Installs the CRD and lets the exporter's identity read it, as README "RBAC for added kinds" tells a user to.</summary>
    public async Task InstallWidgetCrdAsync()
    {
        await _writes.InstallWidgetCrdAsync();
        await GrantReadAsync("example.com", "widgets");
        await WaitUntilExporterMayListAsync("example.com", "widgets");
    }

    public Task InstallCrdAsync(string group, string plural, string kind) => _writes.InstallCrdAsync(group, plural, kind);

    /// <summary>
    /// A ClusterRole (and binding) a user adds next to the shipped one when exporter.yaml gains a
    /// kind; RBAC may name a kind before its CRD exists. Returns once the exporter's identity may list it.
    /// </summary>
    public async Task GrantReadAsync(string group, string plural)
    {
        var name = $"kube-api-exporter-{plural}";
        await _writes.CreateUnlessExistsAsync(JsonNode.Parse($$"""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"{{name}}"},
             "rules":[{"apiGroups":["{{group}}"],"resources":["{{plural}}"],"verbs":["get","list","watch"]}]}
            """)!, "rbac.authorization.k8s.io", "v1", "clusterroles");
        await _writes.CreateUnlessExistsAsync(JsonNode.Parse($$"""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"{{name}}"},
             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"{{name}}"},
             "subjects":[{"kind":"ServiceAccount","name":"kube-api-exporter","namespace":"kube-api-exporter"}]}
            """)!, "rbac.authorization.k8s.io", "v1", "clusterrolebindings");
    }

    /// <summary>Waits until the exporter's identity may list a kind (the RBAC authorizer's cache lags writes).</summary>
    public Task WaitUntilExporterMayListAsync(string group, string plural) =>
        controlPlane.WaitUntilAuthorizedAsync(controlPlane.ExporterIdentity, $"apis/{group}/v1/{plural}?limit=1", TimeSpan.FromSeconds(30));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
