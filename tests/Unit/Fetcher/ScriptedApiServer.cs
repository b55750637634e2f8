using System.Collections.Concurrent;
using System.Net;
using System.Text;
using k8s;

namespace KubeApiExporter.Tests.Unit.Fetcher;

/// <summary>
/// An API server inside the client's handler chain: every request the client sends is recorded (method,
/// path, headers, body) and answered by <see cref="Answer"/>, without a socket. The client is a real
/// KubernetesClient <see cref="Kubernetes"/> built from a configuration, so credentials and HTTP settings
/// are the ones the exporter uses.
/// </summary>
public sealed class ScriptedApiServer : DelegatingHandler
{
    public sealed record Recorded(HttpMethod Method, string PathAndQuery, string? Authorization, string? ContentType, string Body);

    public ConcurrentQueue<Recorded> Requests { get; } = new();

    /// <summary>How to answer a request; the default answers 200 with an empty object.</summary>
    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Answer { get; set; } =
        (_, _) => Task.FromResult(Json(HttpStatusCode.OK, "{}"));

    public Kubernetes Client(string token = "exporter-token") =>
        new(new KubernetesClientConfiguration { Host = "https://api.cluster.test:6443", AccessToken = token }, this);

    public static HttpResponseMessage Json(HttpStatusCode code, string json) =>
        new(code) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(ct);
        Requests.Enqueue(new Recorded(request.Method, request.RequestUri!.PathAndQuery, request.Headers.Authorization?.ToString(),
            request.Content?.Headers.ContentType?.ToString(), body));
        var response = await Answer(request, ct);
        response.RequestMessage = request;
        return response;
    }
}
