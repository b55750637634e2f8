using KubeApiExporter.Tests.Integration.Harness;

namespace KubeApiExporter.Tests.Integration.Scenarios;

/// <summary>The scenarios against the in-repo Kubernetes API test server (runs everywhere, CI included).</summary>
public sealed class TestServerScenarios : ExporterScenarios
{
    protected override string? SkipReason => null;
    protected override async Task<IClusterBackend> CreateBackendAsync() => await TestServerBackend.StartAsync();
}
