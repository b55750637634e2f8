using KubeApiExporter.Tests.Integration.Harness;
using Xunit;

namespace KubeApiExporter.Tests.Integration.Scenarios;

/// <summary>
/// The shared scenarios against a real kube-apiserver 1.20.2 + etcd + kube-controller-manager,
/// the exporter running as the shipped ServiceAccount. Skipped with the reason where the
/// binaries are not built (tests/ControlPlane/build-binaries.sh).
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class ControlPlaneScenarios(ControlPlane controlPlane) : ExporterScenarios
{
    protected override string? SkipReason => controlPlane.SkipReason;
    protected override Task<IClusterBackend> CreateBackendAsync() => Task.FromResult<IClusterBackend>(new ControlPlaneBackend(controlPlane));
}
