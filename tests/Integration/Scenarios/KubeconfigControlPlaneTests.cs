using KubeApiExporter.Tests.Integration.Harness;
using Xunit;

namespace KubeApiExporter.Tests.Integration.Scenarios;

/// <summary>
/// The kubeconfig forms a user gives the exporter, against a real API server (HTTPS, RBAC as the shipped
/// ServiceAccount): CA and token from files, and a token from an exec credential plugin. The exporter reads
/// kubeconfig and runs plugins itself (no reflection), so these also hold for the Native AOT build
/// (KUBE_API_EXPORTER_EXECUTABLE).
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class KubeconfigControlPlaneTests(ControlPlane controlPlane) : ControlPlaneTestBase(controlPlane), IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kubeconfig-cp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Kubeconfig(string cluster, string user)
    {
        var path = Path.Combine(_dir, "config");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: real
              cluster:
                server: {ControlPlane.ApiServerUri.ToString().TrimEnd('/')}
            {cluster}
            users:
            - name: exporter
              user:
            {user}
            contexts:
            - name: exporter@real
              context:
                cluster: real
                user: exporter
                namespace: default
            current-context: exporter@real
            """);
        return path;
    }

    private async Task ExportsADeploymentAsync(string kubeconfig, string name)
    {
        await Backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment(name, 1, 1));
        var exporter = ExporterProcess.Start(ExporterConfigFiles.Write(), kubeconfig);
        await using var _ = exporter;
        await exporter.WaitReadyAsync(Startup);
        var m = await exporter.WaitForAsync(m => m.Has("k8s_deployment_spec_replicas", Obj(name)), Backend.Patience, $"deployment {name} exported");
        Assert.Equal(1, Up(m, "deployment"));
        Assert.Equal(1, Up(m, "pod"));
    }

    [ControlPlaneFact]
    public async Task Certificate_authority_and_token_from_files_relative_to_the_kubeconfig()
    {
        File.Copy(ControlPlane.CaPath, Path.Combine(_dir, "ca.crt"));
        File.WriteAllText(Path.Combine(_dir, "token"), ControlPlane.ExporterIdentity.Token + "\n");
        var kubeconfig = Kubeconfig("    certificate-authority: ca.crt", "    tokenFile: token");
        await ExportsADeploymentAsync(kubeconfig, "kubeconfig-files");
    }

    [ControlPlaneFact]
    public async Task Token_from_an_exec_credential_plugin()
    {
        var plugin = Path.Combine(_dir, "credential-plugin");
        File.WriteAllText(plugin, $$$"""
            #!/bin/sh
            [ "$PLUGIN_AUDIENCE" = "kube-api-exporter" ] || { echo "PLUGIN_AUDIENCE not passed" >&2; exit 1; }
            echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"{{{ControlPlane.ExporterIdentity.Token}}}"}}'
            """);
        if (!OperatingSystem.IsWindows()) // the control plane runs on Linux only
            File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var ca = Convert.ToBase64String(File.ReadAllBytes(ControlPlane.CaPath));
        var kubeconfig = Kubeconfig($"    certificate-authority-data: {ca}", $"""
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: {plugin}
                  env:
                  - name: PLUGIN_AUDIENCE
                    value: kube-api-exporter
            """);
        await ExportsADeploymentAsync(kubeconfig, "kubeconfig-exec");
    }
}
