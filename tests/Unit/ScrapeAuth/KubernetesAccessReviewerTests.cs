using System.Net;
using System.Text.Json;
using k8s.Autorest;
using KubeApiExporter.Host.ScrapeAuth;
using KubeApiExporter.Tests.Unit.Fetcher;
using Xunit;

namespace KubeApiExporter.Tests.Unit.ScrapeAuth;

/// <summary>What the reviewer sends the API server and how it reads the answers (the real API server: ScrapeGuardControlPlaneTests).</summary>
public sealed class KubernetesAccessReviewerTests
{
    private readonly ScriptedApiServer _server = new();

    private KubernetesAccessReviewer Reviewer() => new(_server.Client());

    private void AnswerWith(HttpStatusCode code, string json) =>
        _server.Answer = (_, _) => Task.FromResult(ScriptedApiServer.Json(code, json));

    private static readonly ScraperIdentity Prometheus = new("system:serviceaccount:monitoring:prometheus", "u-1",
        ["system:serviceaccounts", "system:authenticated"],
        new Dictionary<string, IReadOnlyList<string>> { ["authentication.kubernetes.io/pod-name"] = ["prometheus-0"] });

    [Fact]
    public async Task Token_review_posts_the_token_and_reads_the_identity()
    {
        AnswerWith(HttpStatusCode.Created, """
            {"kind":"TokenReview","apiVersion":"authentication.k8s.io/v1","metadata":{"creationTimestamp":null},
             "spec":{"token":"scraper-token"},
             "status":{"authenticated":true,"user":{"username":"system:serviceaccount:monitoring:prometheus","uid":"u-1",
               "groups":["system:serviceaccounts","system:authenticated"],
               "extra":{"authentication.kubernetes.io/pod-name":["prometheus-0"]}},"audiences":["https://kubernetes.default.svc"]}}
            """);
        var identity = await Reviewer().AuthenticateAsync("scraper-token", CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/apis/authentication.k8s.io/v1/tokenreviews", request.PathAndQuery);
        Assert.Equal("Bearer exporter-token", request.Authorization);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("TokenReview", body.RootElement.GetProperty("kind").GetString());
        Assert.Equal("authentication.k8s.io/v1", body.RootElement.GetProperty("apiVersion").GetString());
        Assert.Equal("scraper-token", body.RootElement.GetProperty("spec").GetProperty("token").GetString());

        Assert.NotNull(identity);
        Assert.Equal(Prometheus.User, identity.User);
        Assert.Equal("u-1", identity.Uid);
        Assert.Equal(Prometheus.Groups, identity.Groups);
        Assert.Equal(["prometheus-0"], identity.Extra["authentication.kubernetes.io/pod-name"]);
    }

    [Theory]
    [InlineData("""{"status":{"authenticated":false,"error":"invalid bearer token"}}""")]
    [InlineData("""{"status":{}}""")]
    [InlineData("""{"status":{"authenticated":true,"user":{}}}""")]
    [InlineData("""{"spec":{"token":"x"}}""")]
    public async Task A_token_the_api_server_does_not_authenticate_has_no_identity(string answer)
    {
        AnswerWith(HttpStatusCode.Created, answer);
        Assert.Null(await Reviewer().AuthenticateAsync("made-up", CancellationToken.None));
    }

    [Fact]
    public async Task An_identity_without_uid_groups_or_extra_is_still_an_identity()
    {
        AnswerWith(HttpStatusCode.Created, """{"status":{"authenticated":true,"user":{"username":"alice"}}}""");
        var identity = await Reviewer().AuthenticateAsync("t", CancellationToken.None);
        Assert.NotNull(identity);
        Assert.Equal("alice", identity.User);
        Assert.Null(identity.Uid);
        Assert.Empty(identity.Groups);
        Assert.Empty(identity.Extra);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task A_refused_review_is_an_error_not_a_verdict(HttpStatusCode code)
    {
        AnswerWith(code, """{"kind":"Status","status":"Failure","message":"tokenreviews.authentication.k8s.io is forbidden","code":403}""");
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => Reviewer().AuthenticateAsync("t", CancellationToken.None));
        Assert.Equal(code, e.Response.StatusCode);
        Assert.Contains("forbidden", e.Message);
        await Assert.ThrowsAsync<HttpOperationException>(() => Reviewer().AuthorizeAsync(Prometheus, "get", "/metrics", CancellationToken.None));
    }

    [Fact]
    public async Task Access_review_asks_for_the_identity_on_the_non_resource_url()
    {
        AnswerWith(HttpStatusCode.Created, """{"status":{"allowed":true,"reason":"RBAC: allowed by ClusterRoleBinding \"kube-api-exporter-metrics-reader\""}}""");
        var (allowed, reason) = await Reviewer().AuthorizeAsync(Prometheus, "get", "/metrics", CancellationToken.None);

        Assert.True(allowed);
        Assert.Equal("RBAC: allowed by ClusterRoleBinding \"kube-api-exporter-metrics-reader\"", reason);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("/apis/authorization.k8s.io/v1/subjectaccessreviews", request.PathAndQuery);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("SubjectAccessReview", body.RootElement.GetProperty("kind").GetString());
        var spec = body.RootElement.GetProperty("spec");
        Assert.Equal(Prometheus.User, spec.GetProperty("user").GetString());
        Assert.Equal("u-1", spec.GetProperty("uid").GetString());
        Assert.Equal(["system:serviceaccounts", "system:authenticated"], spec.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal("prometheus-0", spec.GetProperty("extra").GetProperty("authentication.kubernetes.io/pod-name")[0].GetString());
        Assert.Equal("/metrics", spec.GetProperty("nonResourceAttributes").GetProperty("path").GetString());
        Assert.Equal("get", spec.GetProperty("nonResourceAttributes").GetProperty("verb").GetString());
    }

    [Fact]
    public async Task An_identity_without_uid_sends_none()
    {
        AnswerWith(HttpStatusCode.Created, """{"status":{"allowed":false}}""");
        await Reviewer().AuthorizeAsync(Prometheus with { Uid = null }, "get", "/metrics", CancellationToken.None);
        using var body = JsonDocument.Parse(Assert.Single(_server.Requests).Body);
        Assert.False(body.RootElement.GetProperty("spec").TryGetProperty("uid", out _));
    }

    [Theory]
    [InlineData("""{"status":{"allowed":false,"reason":"no RBAC policy matched"}}""", false, "no RBAC policy matched")]
    [InlineData("""{"status":{"allowed":false,"evaluationError":"webhook timed out"}}""", false, "webhook timed out")]
    [InlineData("""{"status":{"allowed":false,"denied":true}}""", false, "")]
    [InlineData("""{"status":{"allowed":true}}""", true, "")]
    [InlineData("""{}""", false, "")]
    public async Task The_decision_and_its_reason_are_read_from_the_status(string answer, bool allowed, string reason)
    {
        AnswerWith(HttpStatusCode.Created, answer);
        Assert.Equal((allowed, reason), await Reviewer().AuthorizeAsync(Prometheus, "get", "/metrics", CancellationToken.None));
    }
}
