using System.Net.Http.Headers;
using k8s;
using k8s.Authentication;
using k8s.KubeConfigModels;

namespace KubeApiExporter.Fetcher.Kubeconfig;

/// <summary>
/// The bearer token of an exec credential plugin, run again when it is within 30 s of expiring (as
/// KubernetesClient's ExecTokenProvider does); a credential without expiry is kept.
/// </summary>
public sealed class ExecTokenSource(ExternalExecution exec, ExecCredential first, TimeProvider time) : ITokenProvider
{
    private static readonly TimeSpan Early = TimeSpan.FromSeconds(30);
    private ExecCredential _current = first;

    public async Task<AuthenticationHeaderValue> GetAuthenticationHeaderAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        if (current.ExpiresAt is { } expires && time.GetUtcNow() + Early > expires)
        {
            current = await Task.Run(() => ExecCredentialPlugin.Run(exec, KubernetesClientConfiguration.ExecTimeout), cancellationToken);
            Volatile.Write(ref _current, current);
        }
        return new AuthenticationHeaderValue("Bearer", current.Token);
    }
}
