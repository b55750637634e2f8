using k8s;

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
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigArgument);
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
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(files[0]);
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
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(home);
        }
        throw new FileNotFoundException(
            "no cluster access: pass --kubeconfig PATH, set $KUBECONFIG, run in a pod with a service account, or create ~/.kube/config");
    }
}
