using k8s;

namespace KubeApiExporter.Fetcher;

/// <summary>Creates the API client the watchers share.</summary>
public static class KubernetesClientFactory
{
    /// <summary>
    /// The API server accepts objects nested far deeper than System.Text.Json's default of 64
    /// (CRDs with preserve-unknown-fields); with the default, one such object fails every list
    /// of its resource. The flattener has its own, smaller depth cap.
    /// </summary>
    public const int MaxJsonDepth = 1000;

    private static int s_configured;

    public static IKubernetes Create(KubernetesClientConfiguration config)
    {
        // KubernetesClient's JSON options are process-wide and freeze at first use. The exporter
        // creates its client before any other use; a host process that used the client earlier
        // (a test process, say) keeps System.Text.Json's default depth.
        if (Interlocked.Exchange(ref s_configured, 1) == 0)
        {
            try
            {
                KubernetesJson.AddJsonOptions(o => o.MaxDepth = MaxJsonDepth);
            }
            catch (InvalidOperationException)
            {
            }
        }
        return new Kubernetes(config);
    }
}
