namespace KubeApiExporter.Host.ScrapeAuth;

/// <summary>Who a bearer token belongs to, as the API server's TokenReview answered.</summary>
public sealed record ScraperIdentity(string User, string? Uid, IReadOnlyList<string> Groups, IReadOnlyDictionary<string, IReadOnlyList<string>> Extra);
