using KubeApiExporter.Tests.Integration.Harness;
using Xunit;

namespace KubeApiExporter.Tests.Integration.Scenarios;

/// <summary>The same scenarios against k3s in Docker; skipped with the reason where no Docker engine is reachable.</summary>
public sealed class K3sScenarios(K3sCluster cluster) : ExporterScenarios, IClassFixture<K3sCluster>
{
    protected override string? SkipReason => cluster.SkipReason;
    protected override Task<IClusterBackend> CreateBackendAsync() => Task.FromResult<IClusterBackend>(new K3sBackend(cluster));
}
