namespace KubeApiExporter.Host.ScrapeAuth;

/// <summary>
/// The API server's two questions about a scraper: who is this token (TokenReview), and may they do
/// this (SubjectAccessReview). The seam between the guard's decisions and the cluster.
/// </summary>
public interface IAccessReviewer
{
    /// <summary>The token's identity, or null when the API server does not authenticate it.</summary>
    Task<ScraperIdentity?> AuthenticateAsync(string token, CancellationToken ct);

    /// <summary>Whether <paramref name="identity"/> may <paramref name="verb"/> the non-resource URL <paramref name="path"/>; the reason as the authorizer gave it.</summary>
    Task<(bool Allowed, string Reason)> AuthorizeAsync(ScraperIdentity identity, string verb, string path, CancellationToken ct);
}
