using Xunit;

namespace KubeApiExporter.Tests.Integration.Harness;

/// <summary>
/// The test classes that share one control plane, run one after another. Each test leaves it
/// serving (faults are undone in finally blocks) and uses object names of its own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ControlPlaneCollection : ICollectionFixture<ControlPlane>
{
    public const string Name = "control plane";
}

/// <summary>
/// The crash, hang and RBAC tests get a control plane of their own, so that a fault test that
/// fails half-way cannot break the scenarios of <see cref="ControlPlaneCollection"/>.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ControlPlaneFaultsCollection : ICollectionFixture<ControlPlane>
{
    public const string Name = "control plane faults";
}

/// <summary>
/// A test of the shared control plane: reported skipped, with the reason, where the control plane
/// cannot start here (binaries not built, no kubectl). Skippable, so a test may still skip on what
/// else it needs (Prometheus).
/// </summary>
public sealed class ControlPlaneFactAttribute : SkippableFactAttribute
{
    public ControlPlaneFactAttribute()
    {
        if (ControlPlane.MissingReason(new ControlPlaneSetup()) is { } reason)
            Skip = reason;
    }
}
