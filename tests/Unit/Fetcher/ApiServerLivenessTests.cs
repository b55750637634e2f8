using System.Net;
using KubeApiExporter.Fetcher;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Fetcher;

/// <summary>The silence probe (GET /version): any HTTP answer is a sign of life; no answer, or a failed connection, is not.</summary>
public sealed class ApiServerLivenessTests
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);
    private readonly ScriptedApiServer _server = new();
    private readonly FakeTimeProvider _time = new();

    private ApiServerLiveness Liveness() => new(_server.Client(), _time, ProbeTimeout);

    [Fact]
    public async Task The_probe_is_GET_version_with_the_clients_credentials()
    {
        _server.Answer = (_, _) => Task.FromResult(ScriptedApiServer.Json(HttpStatusCode.OK, """{"major":"1","minor":"20","gitVersion":"v1.20.2"}"""));
        Assert.Null(await Liveness().ProbeAsync(CancellationToken.None));
        var request = Assert.Single(_server.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("/version", request.PathAndQuery);
        Assert.Equal("Bearer exporter-token", request.Authorization);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task An_error_status_is_still_an_answer(HttpStatusCode code)
    {
        _server.Answer = (_, _) => Task.FromResult(ScriptedApiServer.Json(code, """{"kind":"Status","code":500}"""));
        var liveness = Liveness();
        _time.Advance(TimeSpan.FromSeconds(40));
        Assert.Null(await liveness.ProbeAsync(CancellationToken.None));
        Assert.Equal(TimeSpan.Zero, liveness.SilentFor);
    }

    [Fact]
    public async Task A_body_that_is_not_version_json_is_still_an_answer()
    {
        _server.Answer = (_, _) => Task.FromResult(ScriptedApiServer.Json(HttpStatusCode.OK, "<html>proxy page</html>"));
        Assert.Null(await Liveness().ProbeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_connection_says_why()
    {
        _server.Answer = (_, _) => throw new HttpRequestException("Connection refused (api.cluster.test:6443)");
        var reason = await Liveness().ProbeAsync(CancellationToken.None);
        Assert.NotNull(reason);
        Assert.StartsWith("GET /version failed:", reason);
        Assert.Contains("refused", reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task No_answer_within_the_timeout_is_silence()
    {
        var arrived = new TaskCompletionSource();
        _server.Answer = async (_, ct) =>
        {
            arrived.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        };
        var liveness = Liveness();
        var probe = liveness.ProbeAsync(CancellationToken.None);
        await arrived.Task;
        _time.Advance(ProbeTimeout);
        Assert.Equal("no answer to GET /version within 10 s", await probe);
    }

    [Fact]
    public async Task Concurrent_probes_share_one_request()
    {
        var release = new TaskCompletionSource<HttpResponseMessage>();
        _server.Answer = (_, _) => release.Task;
        var liveness = Liveness();
        var first = liveness.ProbeAsync(CancellationToken.None);
        var second = liveness.ProbeAsync(CancellationToken.None);
        release.SetResult(ScriptedApiServer.Json(HttpStatusCode.OK, "{}"));
        Assert.Null(await first);
        Assert.Null(await second);
        Assert.Single(_server.Requests);
    }
}
