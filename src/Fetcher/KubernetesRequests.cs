using System.Net;
using System.Net.Http.Headers;
using k8s;
using k8s.Autorest;

namespace KubeApiExporter.Fetcher;

/// <summary>
/// One request on the client's own <see cref="HttpClient"/>: its handler (TLS, client certificates,
/// HTTP/2 pings, connect timeout), its credentials, HTTP/2 unless the kubeconfig disabled it, the TLS
/// server name as Host. The exporter's requests go through here instead of KubernetesClient's typed
/// operations, which (de)serialise their models with reflection-based System.Text.Json: unavailable in a
/// Native AOT build. A status other than 2xx is thrown as KubernetesClient's
/// <see cref="HttpOperationException"/> (with the body), as its operations do, so callers handle both alike.
/// </summary>
public sealed class KubernetesRequests
{
    private static readonly MediaTypeWithQualityHeaderValue s_json = new("application/json");

    private readonly Kubernetes _client;
    private readonly KubernetesClientFactory.RequestSettings _settings;

    private KubernetesRequests(Kubernetes client, KubernetesClientFactory.RequestSettings settings)
    {
        _client = client;
        _settings = settings;
    }

    public static KubernetesRequests For(IKubernetes client) => client is Kubernetes k
        ? new KubernetesRequests(k, KubernetesClientFactory.SettingsOf(k))
        : throw new ArgumentException($"requests need a {typeof(Kubernetes).FullName} client, not {client.GetType().FullName}", nameof(client));

    /// <summary>
    /// Sends <paramref name="method"/> to <paramref name="relativeUri"/> (relative to the server, e.g.
    /// <c>version</c>); returns the response once its headers arrived, for the caller to read and dispose.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string relativeUri, HttpContent? content, CancellationToken ct)
    {
        var request = new HttpRequestMessage(method, new Uri(_client.BaseUri, relativeUri)) { Content = content };
        if (!_settings.DisableHttp2)
            request.Version = HttpVersion.Version20;
        request.Headers.Accept.Add(s_json);
        if (_client.Credentials is { } credentials)
        {
            ct.ThrowIfCancellationRequested();
            await credentials.ProcessHttpRequestAsync(request, ct);
        }
        if (!string.IsNullOrWhiteSpace(_settings.TlsServerName))
            request.Headers.Host = _settings.TlsServerName;
        HttpResponseMessage response;
        try
        {
            response = await _client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch
        {
            request.Dispose();
            throw;
        }
        if (response.IsSuccessStatusCode)
            return response;
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            body = "";
        }
        var e = new HttpOperationException($"Operation returned an invalid status code '{response.StatusCode}', response body {body}")
        {
            Request = new HttpRequestMessageWrapper(request, ""),
            Response = new HttpResponseMessageWrapper(response, body),
        };
        response.Dispose();
        request.Dispose();
        throw e;
    }
}
