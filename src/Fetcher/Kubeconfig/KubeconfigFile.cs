using k8s.KubeConfigModels;

namespace KubeApiExporter.Fetcher.Kubeconfig;

/// <summary>
/// A kubeconfig as read: KubernetesClient's model, plus the standard keys its model has no property for
/// (<c>tokenFile</c> of a user, <c>proxy-url</c> of a cluster), by user and cluster name.
/// </summary>
public sealed record KubeconfigFile(
    K8SConfiguration Model,
    IReadOnlyDictionary<string, string> TokenFiles,
    IReadOnlyDictionary<string, string> ProxyUrls);
