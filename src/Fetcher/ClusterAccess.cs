using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

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
    /// KubernetesClient's BuildConfigFromConfigFile, with the file read by a deserializer of our own, set up as
    /// KubernetesClient sets up its own (camelCase, unknown keys ignored, anchors merged, paths relative to the
    /// file). Its KubernetesYaml class builds a map of every model type when first touched (loading ~1,000
    /// types of its assembly and reading their attributes): measured ~0.5 s of CPU at start and much of the
    /// empty start's mapped code, for a file of a few hundred bytes.
    /// </summary>
    internal static KubernetesClientConfiguration FromFile(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
            throw new KubeConfigException($"kubeconfig file not found at {file.FullName}");
        K8SConfiguration? config;
        try
        {
            using var reader = new StreamReader(file.FullName);
            config = s_kubeconfig.Deserialize<K8SConfiguration>(new MergingParser(new Parser(reader)));
        }
        catch (YamlException e)
        {
            throw new KubeConfigException($"kubeconfig {file.FullName}: {e.Message}");
        }
        if (config is null)
            throw new KubeConfigException($"kubeconfig {file.FullName} is empty");
        config.FileName = file.FullName;
        return KubernetesClientConfiguration.BuildConfigFromConfigObject(config);
    }

    private static readonly IDeserializer s_kubeconfig = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithAttemptingUnquotedStringTypeDeserialization()
        .IgnoreUnmatchedProperties()
        .Build();
}
