using KubeApiExporter.Host;
using KubeApiExporter.Host.ScrapeAuth;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace KubeApiExporter.Tests.Unit.ScrapeAuth;

/// <summary>The scrape guard's decisions and cache against a scripted reviewer (the API server side is tested on a real control plane).</summary>
public sealed class ScrapeGuardTests
{
    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>Tokens "prometheus" (allowed), "intruder" (authenticated, not allowed); anything else is unknown.</summary>
    private sealed class ScriptedReviewer : IAccessReviewer
    {
        public int TokenReviews;
        public int AccessReviews;
        public (string Verb, string Path, ScraperIdentity Who)? LastAccessReview;
        public Exception? Failure;
        public TaskCompletionSource? Gate;

        public async Task<ScraperIdentity?> AuthenticateAsync(string token, CancellationToken ct)
        {
            Interlocked.Increment(ref TokenReviews);
            if (Gate is not null)
                await Gate.Task.WaitAsync(ct);
            if (Failure is not null)
                throw Failure;
            return token switch
            {
                "prometheus" => new ScraperIdentity("system:serviceaccount:monitoring:prometheus", "u-1", ["system:serviceaccounts", "system:serviceaccounts:monitoring"], new Dictionary<string, IReadOnlyList<string>>()),
                "intruder" => new ScraperIdentity("intruder", null, ["system:authenticated"], new Dictionary<string, IReadOnlyList<string>>()),
                _ => null,
            };
        }

        public Task<(bool Allowed, string Reason)> AuthorizeAsync(ScraperIdentity identity, string verb, string path, CancellationToken ct)
        {
            Interlocked.Increment(ref AccessReviews);
            LastAccessReview = (verb, path, identity);
            return Task.FromResult(identity.User.EndsWith(":prometheus", StringComparison.Ordinal)
                ? (true, "RBAC: allowed by ClusterRoleBinding \"kube-api-exporter-metrics-reader\"")
                : (false, ""));
        }
    }

    private readonly ManualTime _time = new();
    private readonly ScriptedReviewer _reviewer = new();
    private readonly ExporterMetrics _metrics = new("test");
    private readonly ScrapeGuard _guard;

    public ScrapeGuardTests() => _guard = new ScrapeGuard(_reviewer, _time, _metrics, NullLogger<ScrapeGuard>.Instance);

    private Task<ScrapeDecision> Check(string? authorization) => _guard.CheckAsync(authorization, CancellationToken.None);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Basic cHJvbWV0aGV1czpzZWNyZXQ=")]
    [InlineData("Bearer ")]
    public async Task No_bearer_token_is_401_without_asking_the_API_server(string? authorization)
    {
        var d = await Check(authorization);
        Assert.Equal((401, "unauthenticated"), (d.StatusCode, d.Result));
        Assert.Contains("Authorization: Bearer", d.Message);
        Assert.Equal(0, _reviewer.TokenReviews);
    }

    [Fact]
    public async Task Allowed_scraper_is_reviewed_once_per_minute_and_SAR_asks_get_on_the_metrics_URL()
    {
        for (var i = 0; i < 100; i++)
            Assert.True((await Check("Bearer prometheus")).Allowed);
        Assert.Equal((1, 1), (_reviewer.TokenReviews, _reviewer.AccessReviews));
        var (verb, path, who) = _reviewer.LastAccessReview!.Value;
        Assert.Equal(("get", "/metrics", "system:serviceaccount:monitoring:prometheus"), (verb, path, who.User));
        Assert.Contains("system:serviceaccounts:monitoring", who.Groups);

        _time.Now += ScrapeGuard.AllowedFor - TimeSpan.FromSeconds(1);
        Assert.True((await Check("bearer prometheus")).Allowed);
        Assert.Equal(1, _reviewer.TokenReviews);
        _time.Now += TimeSpan.FromSeconds(2);
        Assert.True((await Check("Bearer prometheus")).Allowed);
        Assert.Equal((2, 2), (_reviewer.TokenReviews, _reviewer.AccessReviews));
        Assert.Equal(102, _metrics.ScrapeAuth.WithLabels("allowed").Value);
    }

    [Fact]
    public async Task Unknown_token_is_401_and_authenticated_but_not_allowed_is_403_each_cached_briefly()
    {
        var unknown = await Check("Bearer made-up");
        Assert.Equal(401, unknown.StatusCode);
        var forbidden = await Check("Bearer intruder");
        Assert.Equal((403, "forbidden", "intruder"), (forbidden.StatusCode, forbidden.Result, forbidden.User));
        Assert.Contains("nonResourceURLs [\"/metrics\"]", forbidden.Message);
        Assert.Equal((2, 1), (_reviewer.TokenReviews, _reviewer.AccessReviews));

        await Check("Bearer made-up");
        await Check("Bearer intruder");
        Assert.Equal(2, _reviewer.TokenReviews);
        _time.Now += ScrapeGuard.DeniedFor + TimeSpan.FromSeconds(1);
        Assert.Equal(401, (await Check("Bearer made-up")).StatusCode);
        Assert.Equal(403, (await Check("Bearer intruder")).StatusCode);
        Assert.Equal((4, 2), (_reviewer.TokenReviews, _reviewer.AccessReviews));
    }

    [Fact]
    public async Task Twenty_concurrent_scrapes_with_one_token_share_one_review()
    {
        _reviewer.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scrapes = Enumerable.Range(0, 20).Select(_ => Task.Run(() => Check("Bearer prometheus"))).ToList();
        while (_reviewer.TokenReviews == 0)
            await Task.Yield();
        _reviewer.Gate.SetResult();
        var decisions = await Task.WhenAll(scrapes);
        Assert.All(decisions, d => Assert.True(d.Allowed));
        Assert.Equal((1, 1), (_reviewer.TokenReviews, _reviewer.AccessReviews));
    }

    [Fact]
    public async Task A_review_that_fails_is_503_and_not_cached()
    {
        _reviewer.Failure = new HttpRequestException("Connection refused (127.0.0.1:6443)");
        var d = await Check("Bearer prometheus");
        Assert.Equal((503, "error"), (d.StatusCode, d.Result));
        _reviewer.Failure = null;
        Assert.True((await Check("Bearer prometheus")).Allowed);
        Assert.Equal(2, _reviewer.TokenReviews);
    }

    [Theory]
    [InlineData("/metrics", false)]
    [InlineData("/METRICS", false)]
    [InlineData("/metrics/", false)]
    [InlineData("/", false)]
    [InlineData("/anything", false)]
    [InlineData("/healthz", true)]
    [InlineData("/Readyz/", true)]
    public async Task Middleware_lets_only_the_probes_through_without_a_token(string path, bool open)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        var reached = false;
        await ScrapeGuardMiddleware.InvokeAsync(context, _ => { reached = true; return Task.CompletedTask; }, _guard);
        Assert.Equal(open, reached);
        Assert.Equal(open ? 200 : 401, context.Response.StatusCode);
    }
}
