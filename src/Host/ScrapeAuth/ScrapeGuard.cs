using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace KubeApiExporter.Host.ScrapeAuth;

/// <summary>
/// Decides whether a request may read /metrics, as kube-rbac-proxy does: the bearer token is checked
/// with a TokenReview and its user authorised with a SubjectAccessReview for <c>get</c> on the
/// non-resource URL <c>/metrics</c>. Decisions are cached per token (by its SHA-256, never the token
/// itself) for <see cref="AllowedFor"/> or <see cref="DeniedFor"/>, so a scrape costs the API server
/// nothing most of the time; concurrent requests with the same token share one review. A review that
/// fails (API server unreachable) is answered 503 and not cached.
/// </summary>
public sealed class ScrapeGuard(IAccessReviewer reviewer, TimeProvider time, ExporterMetrics metrics, ILogger<ScrapeGuard> logger)
{
    public const string Verb = "get";
    public const string Path = "/metrics";
    public static readonly TimeSpan AllowedFor = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan DeniedFor = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan ReviewTimeout = TimeSpan.FromSeconds(10);
    /// <summary>Bounds memory against a stream of made-up tokens: past this, expired entries go, then all.</summary>
    public const int MaxCachedTokens = 10_000;

    private const string Fix = "bind the scraper's service account to a ClusterRole with the rule {nonResourceURLs: [\"/metrics\"], verbs: [get]} (k8s/scrape-guard/)";

    private static readonly ScrapeDecision NoToken = new(401, "unauthenticated",
        "401 Unauthorized: send the service account token as 'Authorization: Bearer <token>' (Prometheus: authorization or bearer_token_file)", null);

    private sealed record Entry(Lazy<Task<ScrapeDecision>> Decision, DateTimeOffset Created);

    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);

    public async Task<ScrapeDecision> CheckAsync(string? authorization, CancellationToken ct)
    {
        var decision = BearerToken(authorization) is { } token ? await DecideAsync(token, ct) : NoToken;
        metrics.ScrapeAuth.WithLabels(decision.Result).Inc();
        return decision;
    }

    private Task<ScrapeDecision> DecideAsync(string token, CancellationToken ct)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        var now = time.GetUtcNow();
        if (_cache.Count >= MaxCachedTokens)
            Trim(now);
        var entry = _cache.AddOrUpdate(key,
            _ => NewEntry(token, now),
            (_, old) => IsFresh(old, now) ? old : NewEntry(token, now));
        return entry.Decision.Value.WaitAsync(ct);
    }

    private Entry NewEntry(string token, DateTimeOffset now) =>
        new(new Lazy<Task<ScrapeDecision>>(() => ReviewAsync(token), LazyThreadSafetyMode.ExecutionAndPublication), now);

    private bool IsFresh(Entry entry, DateTimeOffset now)
    {
        if (!entry.Decision.IsValueCreated || !entry.Decision.Value.IsCompleted)
            return true; // a review under way: share it
        var d = entry.Decision.Value.Result;
        return d.StatusCode != 503 && now - entry.Created < (d.Allowed ? AllowedFor : DeniedFor);
    }

    private void Trim(DateTimeOffset now)
    {
        foreach (var (key, entry) in _cache)
            if (!IsFresh(entry, now))
                _cache.TryRemove(key, out _);
        if (_cache.Count >= MaxCachedTokens)
            _cache.Clear();
    }

    private async Task<ScrapeDecision> ReviewAsync(string token)
    {
        // Not the request's token: coalesced requests share this review, whichever of them goes away.
        using var timeout = new CancellationTokenSource(ReviewTimeout, time);
        ScraperIdentity? identity;
        try
        {
            identity = await reviewer.AuthenticateAsync(token, timeout.Token);
            if (identity is null)
            {
                logger.LogInformation("Scrape refused (401): the API server does not authenticate the bearer token (TokenReview)");
                return new ScrapeDecision(401, "unauthenticated", "401 Unauthorized: the API server does not accept this token", null);
            }
            var (allowed, reason) = await reviewer.AuthorizeAsync(identity, Verb, Path, timeout.Token);
            if (allowed)
            {
                logger.LogDebug("Scrape allowed for {User}: {Reason}", identity.User, reason);
                return new ScrapeDecision(200, "allowed", "", identity.User);
            }
            logger.LogWarning("Scrape refused (403): {User} may not {Verb} {Path} ({Reason}). Fix: {Fix}",
                identity.User, Verb, Path, reason, Fix);
            return new ScrapeDecision(403, "forbidden",
                $"403 Forbidden: {identity.User} may not {Verb} {Path}; grant it with a ClusterRole on nonResourceURLs [\"{Path}\"], verbs [\"{Verb}\"]", identity.User);
        }
        catch (Exception e)
        {
            logger.LogError("Scrape refused (503): cannot review the scraper's token with the API server: {Error}", e.Message);
            return new ScrapeDecision(503, "error", "503 Service Unavailable: the exporter cannot check the credentials with the API server right now", null);
        }
    }

    private static string? BearerToken(string? authorization)
    {
        const string Scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            return null;
        var token = authorization[Scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}
