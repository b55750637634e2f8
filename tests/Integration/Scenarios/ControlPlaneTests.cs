using System.Diagnostics;
using System.Text.Json.Nodes;
using KubeApiExporter.Tests.Integration.Harness;
using Xunit;
using Xunit.Abstractions;

namespace KubeApiExporter.Tests.Integration.Scenarios;

/// <summary>
/// What only a real control plane shows: a CRD arriving while the exporter runs, the
/// controller-manager writing status, and the shipped manifests accepted by a real API server.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class ControlPlaneTests(ControlPlane controlPlane, ITestOutputHelper output) : ControlPlaneTestBase(controlPlane)
{
    /// <summary>README "RBAC for added kinds": a kind not installed yet is retried every minute.</summary>
    private static readonly TimeSpan NotFoundRetry = TimeSpan.FromSeconds(75);

    private const string SprocketResource = """
          - name: sprocket
            apiVersion: parts.example.com/v1
            resource: sprockets
        """;

    [ControlPlaneFact]
    public async Task Crd_installed_while_the_exporter_runs_is_exported_without_a_restart()
    {
        // The user's order of events: exporter.yaml and RBAC name the kind, the operator bringing
        // the CRD is installed later.
        await Backend.GrantReadAsync("parts.example.com", "sprockets");
        await Backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("before-crd", 1, 1));
        var exporter = await StartExporterAsync(SprocketResource); // ready: a 404 counts as settled

        var m = await exporter.WaitForAsync(m => Up(m, "sprocket") == 0 && m.Has("k8s_deployment_spec_replicas", Obj("before-crd")),
            TimeSpan.FromSeconds(10), "sprocket down (404), deployments exported");
        Assert.True(m.Sum("kube_api_exporter_list_requests_total", ("resource", "sprocket"), ("code", "404")) >= 1);

        await Backend.InstallCrdAsync("parts.example.com", "sprockets", "Sprocket");
        await Backend.CreateAsync("parts.example.com/v1", "sprockets", (JsonObject)JsonNode.Parse("""
            {"apiVersion":"parts.example.com/v1","kind":"Sprocket","metadata":{"name":"teeth","namespace":"default"},"spec":{"teeth":24}}
            """)!);
        var installed = Stopwatch.StartNew();
        m = await exporter.WaitForAsync(m => m.Value("k8s_sprocket_spec_teeth", Obj("teeth")) == 24 && Up(m, "sprocket") == 1,
            NotFoundRetry, "the sprocket exported after its CRD was installed");
        output.WriteLine($"sprocket exported {installed.Elapsed.TotalSeconds:0.0} s after the CRD was installed");
        Assert.Equal(1, Up(m, "deployment"));
        Assert.False(exporter.HasExited);
    }

    [ControlPlaneFact]
    public async Task Controller_manager_moves_observedGeneration_after_a_spec_change()
    {
        await Backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("rollout", 2, 2));
        var exporter = await StartExporterAsync();
        var m = await exporter.WaitForAsync(m => m.Value("k8s_deployment_status_observedGeneration", Obj("rollout")) == 1,
            Backend.Patience, "observedGeneration 1 written by the deployment controller");
        Assert.Equal(1, m.Value("k8s_deployment_metadata_generation", Obj("rollout")));
        // No kubelet: the pods the controllers created stay Pending, so none is available.
        Assert.Equal(2, m.Value("k8s_deployment_status_replicas", Obj("rollout")));
        Assert.Equal(2, m.Value("k8s_deployment_status_unavailableReplicas", Obj("rollout")));
        Assert.Null(m.Value("k8s_deployment_status_availableReplicas", Obj("rollout")));

        await Backend.PatchAsync("apps/v1", "deployments", "default", "rollout", (JsonObject)JsonNode.Parse("""
            {"spec":{"template":{"spec":{"containers":[{"name":"app","image":"registry.k8s.io/pause:3.9"}]}}}}
            """)!);
        await exporter.WaitForAsync(m => m.Value("k8s_deployment_metadata_generation", Obj("rollout")) == 2
                                         && m.Value("k8s_deployment_status_observedGeneration", Obj("rollout")) == 2,
            Backend.Patience, "generation 2 observed by the controller");
    }

    [ControlPlaneFact]
    public async Task Shipped_manifests_install_with_kubectl_and_the_sharded_ones_pass_a_server_dry_run()
    {
        output.WriteLine($"control plane up (etcd, kube-apiserver, kube-controller-manager, `kubectl create -f k8s`) in {ControlPlane.StartupTime.TotalSeconds:0.0} s");
        // The control plane came up with `kubectl create -f k8s`, as README "Deploying" has it.
        var created = ControlPlane.ShippedManifests;
        Assert.True(created.ExitCode == 0, created.ToString());
        foreach (var name in new[]
                 {
                     "namespace/kube-api-exporter", "serviceaccount/kube-api-exporter",
                     "clusterrole.rbac.authorization.k8s.io/kube-api-exporter",
                     "clusterrolebinding.rbac.authorization.k8s.io/kube-api-exporter",
                     "configmap/kube-api-exporter-config", "deployment.apps/kube-api-exporter", "service/kube-api-exporter",
                 })
            Assert.Contains($"{name} created", created.Stdout);

        var sharded = await Kubectl.RunAsync(ControlPlane.AdminKubeconfig, "apply", "--dry-run=server", "-f", "k8s/sharded");
        Assert.True(sharded.ExitCode == 0, sharded.ToString());
        Assert.Contains("statefulset.apps/kube-api-exporter", sharded.Stdout);

        // The shipped ClusterRole, as the API server evaluates it for the shipped ServiceAccount:
        // read access to the configured kinds and nothing else.
        var account = "--as=system:serviceaccount:kube-api-exporter:kube-api-exporter";
        foreach (var allowed in new[] { "deployments.apps", "pods", "jobs.batch", "replicationcontrollers", "daemonsets.apps" })
            foreach (var verb in new[] { "list", "watch" })
                Assert.Equal("yes", (await Kubectl.RunAsync(ControlPlane.AdminKubeconfig, "auth", "can-i", verb, allowed, "--all-namespaces", account)).Stdout.Trim());
        foreach (var (verb, resource) in new[] { ("list", "secrets"), ("delete", "pods"), ("list", "configmaps"), ("patch", "deployments.apps") })
            Assert.Equal("no", (await Kubectl.RunAsync(ControlPlane.AdminKubeconfig, "auth", "can-i", verb, resource, "--all-namespaces", account)).Stdout.Trim());
    }
}
