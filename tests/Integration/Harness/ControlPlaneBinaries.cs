namespace KubeApiExporter.Tests.Integration.Harness;

/// <summary>
/// Where tests/ControlPlane/build-binaries.sh put kube-apiserver, kube-controller-manager, etcd and
/// etcdctl (1.20.2 from Debian's sources). Where they are missing, <see cref="MissingReason"/>
/// says so and every control-plane test reports itself skipped with it.
/// </summary>
public static class ControlPlaneBinaries
{
    /// <summary>The same variable and default as the build script.</summary>
    public const string DirectoryVariable = "KUBE_API_EXPORTER_CONTROL_PLANE_DIR";
    public const string DefaultDirectory = "/var/cache/kube-api-exporter/control-plane/v1.20.2";

    public static string Directory { get; } =
        Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } dir ? dir : DefaultDirectory;

    public static string ApiServer => Path.Combine(Directory, "bin", "kube-apiserver");
    public static string ControllerManager => Path.Combine(Directory, "bin", "kube-controller-manager");
    public static string Etcd => Path.Combine(Directory, "bin", "etcd");
    public static string Etcdctl => Path.Combine(Directory, "bin", "etcdctl");

    /// <summary>Null when a complete build is there (the script writes its stamp last).</summary>
    public static string? MissingReason { get; } = FindMissing();

    private static string? FindMissing()
    {
        string[] needed = [Path.Combine(Directory, ".complete"), ApiServer, ControllerManager, Etcd, Etcdctl];
        return needed.All(File.Exists)
            ? null
            : $"control-plane binaries not found at {Directory}: run tests/ControlPlane/build-binaries.sh";
    }
}
