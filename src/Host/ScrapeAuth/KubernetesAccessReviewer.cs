using System.Net.Http.Headers;
using System.Text.Json;
using k8s;
using KubeApiExporter.Fetcher;

namespace KubeApiExporter.Host.ScrapeAuth;

/// <summary>
/// TokenReview and SubjectAccessReview through the exporter's own API client (it needs <c>create</c> on both),
/// sent as the exporter's other requests are (<see cref="KubernetesRequests"/>). A status other than 2xx is
/// thrown (KubernetesClient's HttpOperationException), which the guard answers with 503.
/// </summary>
public sealed class KubernetesAccessReviewer(IKubernetes client) : IAccessReviewer
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json") { CharSet = "utf-8" };

    private readonly KubernetesRequests _requests = KubernetesRequests.For(client);

    public async Task<ScraperIdentity?> AuthenticateAsync(string token, CancellationToken ct)
    {
        using var review = await CreateAsync(TokenReviewMessage.Path, TokenReviewMessage.Request(token), ct);
        return TokenReviewMessage.Identity(review.RootElement);
    }

    public async Task<(bool Allowed, string Reason)> AuthorizeAsync(ScraperIdentity identity, string verb, string path, CancellationToken ct)
    {
        using var review = await CreateAsync(SubjectAccessReviewMessage.Path, SubjectAccessReviewMessage.Request(identity, verb, path), ct);
        return SubjectAccessReviewMessage.Decision(review.RootElement);
    }

    /// <summary>POSTs a review and returns the API server's answer (the review with its status filled in).</summary>
    private async Task<JsonDocument> CreateAsync(string path, byte[] body, CancellationToken ct)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = s_json;
        using var response = await _requests.SendAsync(HttpMethod.Post, path, content, ct);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        return await JsonDocument.ParseAsync(stream, cancellationToken: ct);
    }
}
