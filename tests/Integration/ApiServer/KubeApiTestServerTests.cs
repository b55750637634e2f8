using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using KubeApiExporter.KubeApiServer;
using Xunit;

namespace KubeApiExporter.Tests.Integration.ApiServer;

/// <summary>
/// The in-repo API server checked through the real KubernetesClient, the way the exporter
/// talks to it, so integration tests built on it exercise genuine client behaviour.
/// </summary>
public sealed class KubeApiTestServerTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private KubeApiTestServer _server = null!;
    private Kubernetes _client = null!;
    private string _kubeconfigDirectory = null!;

    public async Task InitializeAsync()
    {
        _server = await KubeApiTestServer.StartAsync(new KubeApiTestServerOptions { BookmarkInterval = TimeSpan.FromMilliseconds(200) });
        _kubeconfigDirectory = Directory.CreateTempSubdirectory("kube-api-test-server-tests").FullName;
        _client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.WriteKubeconfig(_kubeconfigDirectory)));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_kubeconfigDirectory, recursive: true);
    }

    [Fact]
    public async Task List_with_limit_2_returns_every_item_once_across_pages_even_when_objects_change_between_pages()
    {
        CreatePods(5);
        var names = new List<string>();
        string? continueToken = null;
        var pages = 0;
        do
        {
            var page = await ListPodsAsync(limit: 2, continueToken: continueToken);
            pages++;
            names.AddRange(page.GetProperty("items").EnumerateArray().Select(NameOf));
            continueToken = page.GetProperty("metadata").TryGetProperty("continue", out var c) ? c.GetString() : null;
            _server.Create("v1", "pods", KubeObjects.Generated.Pod(100 + pages)); // not part of the snapshot being paged
        }
        while (continueToken is not null);

        Assert.Equal(3, pages);
        Assert.Equal(5, names.Distinct().Count());
        Assert.Equal(5, names.Count);
    }

    [Fact]
    public async Task List_items_carry_no_kind_or_apiVersion_but_the_list_has_kind_PodList()
    {
        CreatePods(2);
        using var http = new HttpClient();

        var list = JsonNode.Parse(await http.GetStringAsync(new Uri(_server.BaseUri, "api/v1/pods")))!.AsObject();

        Assert.Equal("PodList", (string?)list["kind"]);
        Assert.Equal("v1", (string?)list["apiVersion"]);
        Assert.NotNull((string?)list["metadata"]!["resourceVersion"]);
        Assert.All(list["items"]!.AsArray(), item =>
        {
            Assert.Null(item!["kind"]);
            Assert.Null(item["apiVersion"]);
        });
    }

    [Fact]
    public async Task Watch_from_the_list_resourceVersion_receives_added_modified_deleted_then_a_bookmark_in_order()
    {
        CreatePods(3);
        var listVersion = ResourceVersionOf(await ListPodsAsync());
        var events = new List<(WatchEventType Type, JsonElement Object)>();
        using var stop = new CancellationTokenSource(Deadline);
        var watching = Task.Run(async () =>
        {
            try
            {
                await foreach (var (type, obj) in _client.CustomObjects.WatchListClusterCustomObjectAsync(
                    "", "v1", "pods", resourceVersion: listVersion, allowWatchBookmarks: true, onError: _ => { }, cancellationToken: stop.Token))
                {
                    lock (events)
                        events.Add((type, (JsonElement)obj));
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        await WaitUntilAsync(() => _server.OpenWatches == 1);

        _server.Create("v1", "pods", Pod("w1"));
        _server.Mutate("v1", "pods", "default", "w1", pod => pod["spec"]!["priority"] = 5);
        _server.Delete("v1", "pods", "default", "w1");
        await WaitUntilAsync(() => { lock (events) return events.Count >= 4; });
        await stop.CancelAsync();
        await watching;

        List<(WatchEventType Type, JsonElement Object)> seen;
        lock (events)
            seen = [.. events];
        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted, WatchEventType.Bookmark], seen.Take(4).Select(e => e.Type));
        Assert.All(seen.Take(3), e => Assert.Equal("w1", NameOf(e.Object)));
        Assert.All(seen, e => Assert.Equal("Pod", e.Object.GetProperty("kind").GetString()));
        var versions = seen.Select(e => long.Parse(ResourceVersionOf(e.Object))).ToList();
        Assert.True(versions.Take(3).Zip(versions.Skip(1).Take(2)).All(p => p.First < p.Second), "event resourceVersions increase");
        Assert.True(versions[3] >= versions[2], "a bookmark never goes behind the events already sent");
    }

    [Fact]
    public async Task Watch_without_resourceVersion_starts_with_ADDED_for_every_existing_object()
    {
        CreatePods(4);
        var added = 0;

        await foreach (var (type, _) in _client.CustomObjects.WatchListClusterCustomObjectAsync("", "v1", "pods", timeoutSeconds: 1))
            if (type == WatchEventType.Added)
                added++;

        Assert.Equal(4, added);
    }

    [Fact]
    public async Task Watch_from_a_resourceVersion_older_than_the_compacted_history_reports_410_Expired_through_onError()
    {
        CreatePods(2);
        var listVersion = ResourceVersionOf(await ListPodsAsync());
        _server.CompactHistory();
        Exception? error = null;
        var events = 0;

        using var stop = new CancellationTokenSource(Deadline);
        await foreach (var _ in _client.CustomObjects.WatchListClusterCustomObjectAsync(
            "", "v1", "pods", resourceVersion: listVersion, allowWatchBookmarks: true, onError: e => error = e, cancellationToken: stop.Token))
            events++;

        var expired = Assert.IsType<KubernetesException>(error);
        Assert.Equal(410, expired.Status.Code);
        Assert.Equal("Expired", expired.Status.Reason);
        Assert.StartsWith($"too old resource version: {listVersion}", expired.Status.Message);
        Assert.Equal(0, events);
    }

    [Fact]
    public async Task Continue_token_issued_before_CompactHistory_is_answered_with_HTTP_410_Expired()
    {
        CreatePods(5);
        var firstPage = await ListPodsAsync(limit: 2);
        _server.CompactHistory();

        var failure = await Assert.ThrowsAsync<HttpOperationException>(() =>
            ListPodsAsync(limit: 2, continueToken: firstPage.GetProperty("metadata").GetProperty("continue").GetString()));

        Assert.Equal(HttpStatusCode.Gone, failure.Response.StatusCode);
        Assert.Contains("\"reason\":\"Expired\"", failure.Response.Content);
    }

    [Fact]
    public async Task FailRequests_answers_the_next_request_with_that_status_and_then_recovers()
    {
        CreatePods(1);
        _server.FailRequests(1, 500);

        var failure = await Assert.ThrowsAsync<HttpOperationException>(() => ListPodsAsync());
        var recovered = await ListPodsAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, failure.Response.StatusCode);
        Assert.Single(recovered.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task FailRequests_403_on_one_resource_words_the_Status_like_RBAC_and_leaves_others_alone()
    {
        _server.FailRequests(int.MaxValue, 403, "deployments");

        var failure = await Assert.ThrowsAsync<HttpOperationException>(() =>
            _client.CustomObjects.ListNamespacedCustomObjectAsync("apps", "v1", "default", "deployments"));
        await ListPodsAsync();
        _server.ClearFaults();
        await _client.CustomObjects.ListNamespacedCustomObjectAsync("apps", "v1", "default", "deployments");

        Assert.Equal(HttpStatusCode.Forbidden, failure.Response.StatusCode);
        Assert.Contains("deployments is forbidden: User \\\"system:serviceaccount:x:y\\\" cannot list resource \\\"deployments\\\" in API group \\\"apps\\\"", failure.Response.Content);
    }

    [Fact]
    public async Task A_resource_that_was_never_added_is_answered_404_like_a_missing_CRD()
    {
        var failure = await Assert.ThrowsAsync<HttpOperationException>(() =>
            _client.CustomObjects.ListClusterCustomObjectAsync("example.com", "v1", "widgets"));

        Assert.Equal(HttpStatusCode.NotFound, failure.Response.StatusCode);
        Assert.Contains("the server could not find the requested resource", failure.Response.Content);
    }

    [Fact]
    public async Task StopAsync_drops_open_watches_and_refuses_connections_and_RestartAsync_serves_the_same_objects_on_the_same_port()
    {
        CreatePods(3);
        var watching = Task.Run(async () =>
        {
            await foreach (var _ in _client.CustomObjects.WatchListClusterCustomObjectAsync("", "v1", "pods", onError: _ => { }))
            {
            }
        });
        await WaitUntilAsync(() => _server.OpenWatches == 1);
        var port = _server.Port;

        await _server.StopAsync();
        var dropped = await Record.ExceptionAsync(() => watching.WaitAsync(Deadline));
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => ListPodsAsync());
        await _server.RestartAsync();
        var afterRestart = await ListPodsAsync();

        Assert.NotNull(dropped);
        Assert.IsNotType<TimeoutException>(dropped);
        Assert.Contains("refused", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(port, _server.Port);
        Assert.Equal(3, afterRestart.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task CloseAllWatches_ends_every_stream_cleanly()
    {
        CreatePods(1);
        var watching = Task.Run(async () =>
        {
            await foreach (var _ in _client.CustomObjects.WatchListClusterCustomObjectAsync("", "v1", "pods", onError: _ => { }))
            {
            }
        });
        await WaitUntilAsync(() => _server.OpenWatches == 1);

        _server.CloseAllWatches();

        await watching.WaitAsync(Deadline); // no exception: the stream simply ended
        await WaitUntilAsync(() => _server.OpenWatches == 0);
    }

    [Fact]
    public async Task Label_and_field_selectors_and_the_namespace_path_filter_lists_and_watches()
    {
        _server.Create("v1", "pods", Pod("a", "ns1", ("app", "web")));
        _server.Create("v1", "pods", Pod("b", "ns1", ("app", "db")));
        _server.Create("v1", "pods", Pod("c", "ns2", ("app", "web")));

        var web = await _client.CustomObjects.ListClusterCustomObjectAsync("", "v1", "pods", labelSelector: "app=web");
        var notWebInNs1 = await _client.CustomObjects.ListNamespacedCustomObjectAsync("", "v1", "ns1", "pods", labelSelector: "app!=web");
        var byName = await _client.CustomObjects.ListClusterCustomObjectAsync("", "v1", "pods", fieldSelector: "metadata.name=c");
        var watched = new List<string>();
        await foreach (var (_, obj) in _client.CustomObjects.WatchListNamespacedCustomObjectAsync("", "v1", "ns1", "pods", labelSelector: "app", timeoutSeconds: 1))
            watched.Add(NameOf((JsonElement)obj));

        Assert.Equal(["a", "c"], NamesOf(web));
        Assert.Equal(["b"], NamesOf(notWebInNs1));
        Assert.Equal(["c"], NamesOf(byName));
        Assert.Equal(["a", "b"], watched);
    }

    [Fact]
    public async Task Request_counters_count_lists_and_watches_per_resource()
    {
        CreatePods(1);
        await ListPodsAsync();
        await ListPodsAsync();
        await foreach (var _ in _client.CustomObjects.WatchListClusterCustomObjectAsync("", "v1", "pods", timeoutSeconds: 1))
        {
        }

        Assert.Equal(2, _server.ListRequests("pods"));
        Assert.Equal(1, _server.WatchRequests("pods"));
        Assert.Equal(0, _server.ListRequests("deployments"));
        Assert.True(_server.TotalRequests >= 3);
    }

    [Fact]
    public async Task ResponseDelay_holds_every_answer_back()
    {
        _server.ResponseDelay = TimeSpan.FromMilliseconds(300);
        var clock = Stopwatch.StartNew();

        await ListPodsAsync();

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(280), $"answered after {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Update_bumps_resourceVersion_always_and_generation_only_when_spec_changes()
    {
        var created = _server.Create("apps/v1", "deployments", KubeObjects.Generated.Deployment(1));
        var statusOnly = _server.Mutate("apps/v1", "deployments", "team-1", "service-1", d => d["status"]!["replicas"] = 9);
        var specChange = _server.Mutate("apps/v1", "deployments", "team-1", "service-1", d => d["spec"]!["replicas"] = 9);

        Assert.Equal(1, (long)created["metadata"]!["generation"]!);
        Assert.Equal(1, (long)statusOnly["metadata"]!["generation"]!);
        Assert.Equal(2, (long)specChange["metadata"]!["generation"]!);
        Assert.True(long.Parse((string)specChange["metadata"]!["resourceVersion"]!) > long.Parse((string)statusOnly["metadata"]!["resourceVersion"]!));
        Assert.Equal((string?)created["metadata"]!["uid"], (string?)specChange["metadata"]!["uid"]);
    }

    [Fact]
    public async Task HangWatches_silences_open_and_new_watches_past_timeoutSeconds_until_cleared_for_new_watches()
    {
        CreatePods(1);
        using var stop = new CancellationTokenSource(Deadline);
        var open = new List<(WatchEventType Type, string? Name)>();
        var hung = new List<(WatchEventType Type, string? Name)>();
        async Task WatchAsync(List<(WatchEventType, string?)> events, int? timeoutSeconds)
        {
            try
            {
                await foreach (var (type, obj) in _client.CustomObjects.WatchListClusterCustomObjectAsync(
                    "", "v1", "pods", resourceVersion: "1", allowWatchBookmarks: true, timeoutSeconds: timeoutSeconds,
                    onError: _ => { }, cancellationToken: stop.Token))
                {
                    var element = (JsonElement)obj;
                    lock (events)
                        events.Add((type, type == WatchEventType.Bookmark ? null : NameOf(element)));
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
        var openWatch = WatchAsync(open, timeoutSeconds: null);
        await WaitUntilAsync(() => { lock (open) return open.Any(e => e.Type == WatchEventType.Bookmark); });

        _server.HangWatches = true;
        var hungWatch = WatchAsync(hung, timeoutSeconds: 1);
        await WaitUntilAsync(() => _server.OpenWatches == 2);
        _server.Create("v1", "pods", Pod("while-hung"));
        var ended = await Task.WhenAny(openWatch, hungWatch, Task.Delay(TimeSpan.FromSeconds(2.5)));

        _server.HangWatches = false;
        var afterwards = new List<string>();
        await foreach (var (_, obj) in _client.CustomObjects.WatchListClusterCustomObjectAsync("", "v1", "pods", timeoutSeconds: 1)
            .WithCancellation(stop.Token))
            afterwards.Add(NameOf((JsonElement)obj));
        var stillHung = !openWatch.IsCompleted && !hungWatch.IsCompleted;
        await stop.CancelAsync(); // the client gives up on the hung streams
        await Task.WhenAll(openWatch, hungWatch);

        Assert.False(ended == openWatch || ended == hungWatch, "a hung watch ended (timeoutSeconds 1 must be ignored)");
        Assert.True(stillHung, "the hung streams stay hung after HangWatches is cleared");
        lock (open)
            Assert.DoesNotContain(open, e => e.Name == "while-hung");
        lock (hung)
            Assert.Empty(hung);
        Assert.Contains("while-hung", afterwards);
        await WaitUntilAsync(() => _server.OpenWatches == 0);
    }

    private void CreatePods(int count)
    {
        for (var i = 0; i < count; i++)
            _server.Create("v1", "pods", KubeObjects.Generated.Pod(i));
    }

    private static JsonObject Pod(string name, string ns = "default", params (string Key, string Value)[] labels)
    {
        var labelObject = new JsonObject();
        foreach (var (key, value) in labels)
            labelObject[key] = value;
        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = labelObject },
            ["spec"] = new JsonObject { ["priority"] = 0 },
        };
    }

    private async Task<JsonElement> ListPodsAsync(int? limit = null, string? continueToken = null) =>
        (JsonElement)await _client.CustomObjects.ListClusterCustomObjectAsync("", "v1", "pods", limit: limit, continueParameter: continueToken);

    private static string NameOf(JsonElement obj) => obj.GetProperty("metadata").GetProperty("name").GetString()!;

    private static string ResourceVersionOf(JsonElement obj) => obj.GetProperty("metadata").GetProperty("resourceVersion").GetString()!;

    private static List<string> NamesOf(object list) => ((JsonElement)list).GetProperty("items").EnumerateArray().Select(NameOf).ToList();

    private static Task WaitUntilAsync(Func<bool> condition) => Eventually.UntilAsync(condition, Deadline, "condition");
}
