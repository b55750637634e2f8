using System.Text.Json.Nodes;
using KubeApiExporter.KubeApiServer;

namespace KubeApiExporter.Tests.Integration.Harness;

/// <summary>A Kubernetes API the scenarios run against: the in-repo test server, a real control plane, or k3s.</summary>
public interface IClusterBackend : IAsyncDisposable
{
    string Name { get; }
    string KubeconfigPath { get; }
    /// <summary>The in-repo server, for scenarios that need faults or request counts; null on real API servers.</summary>
    KubeApiTestServer? TestServer { get; }
    /// <summary>How long controllers may take to fill in status (instant on the test server).</summary>
    TimeSpan Patience { get; }
    /// <summary>
    /// Whether a deployment's pods can become available: a kubelet runs them (k3s), or status is
    /// stored as written (test server). False on a control plane without nodes.
    /// </summary>
    bool PodsBecomeAvailable { get; }
    Task CreateAsync(string apiVersion, string plural, JsonObject obj);
    /// <summary>JSON merge patch (RFC 7386): a null removes a field.</summary>
    Task PatchAsync(string apiVersion, string plural, string? ns, string name, JsonObject mergePatch);
    Task DeleteAsync(string apiVersion, string plural, string? ns, string name);
    /// <summary>Makes the example CRD example.com/v1 widgets (namespaced) servable.</summary>
    Task InstallWidgetCrdAsync();
}
