using k8s;
using KubeApiExporter.Fetcher.Kubeconfig;

namespace KubeApiExporter.Fetcher;

/// <summary>
/// The access order of README, "Running against a cluster": --kubeconfig, else $KUBECONFIG, else in-cluster service account, else
/// ~/.kube/config. (KubernetesClient's BuildDefaultConfig tries ~/.kube/config before in-cluster.)
/// </summary>
public static class ClusterAccess
{
    public static KubernetesClientConfiguration Resolve(string? kubeconfigArgument, out string source)
    {
        if (!string.IsNullOrEmpty(kubeconfigArgument))
        {
            if (!File.Exists(kubeconfigArgument))
                throw new FileNotFoundException($"--kubeconfig {kubeconfigArgument}: file not found; pass the path of a kubeconfig file");
            source = $"--kubeconfig {kubeconfigArgument}";
            return FromFile(kubeconfigArgument);
        }
        var env = Environment.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrEmpty(env))
        {
            var files = env.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Where(File.Exists).ToArray();
            if (files.Length == 0)
                throw new FileNotFoundException($"$KUBECONFIG={env}: no such file; fix the variable or pass --kubeconfig");
            // The first existing file of the list; merging several files is not supported here.
            source = $"$KUBECONFIG {files[0]}";
            return FromFile(files[0]);
        }
        if (KubernetesClientConfiguration.IsInCluster())
        {
            source = "in-cluster service account";
            return KubernetesClientConfiguration.InClusterConfig();
        }
        var home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        if (File.Exists(home))
        {
            source = home;
            return FromFile(home);
        }
        throw new FileNotFoundException(
            "no cluster access: pass --kubeconfig PATH, set $KUBECONFIG, run in a pod with a service account, or create ~/.kube/config");
    }

    /// <summary>
    /// KubernetesClient's BuildConfigFromConfigFile, with the file read by a reader of our own
    /// (<see cref="KubeconfigReader"/>: YamlDotNet's node model, no reflection, so a Native AOT build reads it too;
    /// errors name file:line). KubernetesClient's KubernetesYaml class would also build a map of every model
    /// type when first touched (~1,000 types and their attributes): measured ~0.5 s of CPU at start and much of
    /// the empty start's mapped code, for a file of a few hundred bytes.
    /// </summary>
    internal static KubernetesClientConfiguration FromFile(string path) =>
        KubeconfigConfiguration.Build(KubeconfigReader.Read(path), TimeProvider.System);
}
