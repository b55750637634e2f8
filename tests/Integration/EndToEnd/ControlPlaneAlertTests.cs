using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using KubeApiExporter.Tests.Integration.Harness;
using KubeApiExporter.Tests.Integration.Scenarios;
using Xunit;
using Xunit.Abstractions;

namespace KubeApiExporter.Tests.Integration.EndToEnd;

/// <summary>
/// The shipped alerts in a real Prometheus, scraping the exporter that watches a real control
/// plane: a deployment the controller can never make available (there is no kubelet) fires
/// DeploymentReplicasMismatch from the status the controller-manager wrote, and scaling it to 0
/// clears it. Only the rules' `for:` durations are shortened.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class ControlPlaneAlertTests(ControlPlane controlPlane, ITestOutputHelper output) : ControlPlaneTestBase(controlPlane)
{
    [ControlPlaneFact]
    public async Task DeploymentReplicasMismatch_fires_for_a_deployment_that_never_becomes_available_and_clears_when_scaled_to_0()
    {
        ScrapedByPrometheus.SkipUnlessInstalled();

        await Backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("stuck-checkout", replicas: 3, available: 0));
        var exporter = await StartExporterAsync();
        // The controller has seen it (observedGeneration 1) and counts 3 unavailable pods.
        await exporter.WaitForAsync(m => m.Value("k8s_deployment_status_unavailableReplicas", ("name", "stuck-checkout")) == 3,
            Backend.Patience, "status written by the deployment controller");

        await using var scraped = await ScrapedByPrometheus.AroundAsync(exporter, AlertRulesCopy.WithShortFor(ScrapedByPrometheus.ShortFor).Text);

        var clock = Stopwatch.StartNew();
        var firing = await scraped.WaitForFiringAsync("DeploymentReplicasMismatch", "stuck-checkout");
        output.WriteLine($"firing {clock.Elapsed.TotalSeconds:0.0} s after Prometheus became ready");
        var alert = ScrapedByPrometheus.Alert(firing, "DeploymentReplicasMismatch", "stuck-checkout")!;
        Assert.Equal("default", (string?)alert["labels"]!["namespace"]);
        Assert.Equal(3, double.Parse((string)alert["value"]!, CultureInfo.InvariantCulture));
        // The controller did its part: only availability is missing, so the generation rule stays silent.
        Assert.Null(ScrapedByPrometheus.Alert(firing, "DeploymentGenerationMismatch", "stuck-checkout"));
        Assert.DoesNotContain(firing, a => (string?)a!["labels"]!["alertname"] == "ExporterResourceDown");

        await Backend.PatchAsync("apps/v1", "deployments", "default", "stuck-checkout", new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 0 } });
        clock.Restart();
        await scraped.WaitForClearedAsync("DeploymentReplicasMismatch", "stuck-checkout");
        output.WriteLine($"cleared {clock.Elapsed.TotalSeconds:0.0} s after scaling to 0");
    }
}
