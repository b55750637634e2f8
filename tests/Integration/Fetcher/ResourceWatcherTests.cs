using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks.Dataflow;
using k8s;
using KubeApiExporter.Fetcher;
using KubeApiExporter.KubeApiServer;
using Microsoft.Extensions.Logging;
using Xunit;

namespace KubeApiExporter.Tests.Integration.Fetcher;

/// <summary>
/// The real <see cref="ResourceWatcher"/> with the real KubernetesClient over HTTP against
/// <see cref="KubeApiTestServer"/>: list paging, watch events, bookmarks, watch ends, 410 re-lists,
/// the watchdog, backoff, 403/404 and cancellation (README, "Freshness, staleness and faults"). Only the reporter is a test observer;
/// what the watcher emits is read from the BufferBlock it writes to.
/// </summary>
public sealed partial class ResourceWatcherTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private static readonly WatchTarget Pods = new("pods", "", "v1", "pods", null, "", "");

    private static readonly WatcherOptions Options = new()
    {
        PageSize = 2,
        MinWatchTimeout = TimeSpan.FromSeconds(2),
        WatchdogGrace = TimeSpan.FromSeconds(1),
        InitialBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromMilliseconds(400),
        UnavailableMaxBackoff = TimeSpan.FromSeconds(1),
        UnavailablePersistsAfter = TimeSpan.FromSeconds(1),
    };

    private readonly BufferBlock<FetchedChange> _output = new();
    private readonly RecordingReporter _reporter = new();
    private readonly RecordingLogger _logger = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly string _kubeconfigDirectory = Directory.CreateTempSubdirectory("resource-watcher-tests").FullName;
    private KubeApiTestServer _server = null!;
    private IKubernetes _client = null!;
    private Task _running = Task.CompletedTask;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await Record.ExceptionAsync(() => _running.WaitAsync(Deadline));
        _client?.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
        _stop.Dispose();
        Directory.Delete(_kubeconfigDirectory, recursive: true);
    }

    [Fact]
    public async Task Pagination_delivers_every_object_of_five_in_pages_of_two_then_one_ListCompleted_and_reports_Synced()
    {
        await StartServerAsync();
        for (var i = 0; i < 5; i++)
            _server.Create("v1", "pods", Pod($"pod-{i}"));

        StartWatcher();
        var changes = await TakeAsync(6);
        await WaitForReportAsync("Synced", "5");
        await WaitForReportAsync("Up", "True");

        Assert.All(changes.Take(5), c => Assert.Equal(ChangeKind.Upsert, c.Kind));
        Assert.Equal(["pod-0", "pod-1", "pod-2", "pod-3", "pod-4"], changes.Take(5).Select(c => NameOf(c.Object)));
        Assert.Equal(ChangeKind.ListCompleted, changes[5].Kind);
        Assert.Single(changes.Select(c => c.Generation).Distinct());
        Assert.All(changes, c => Assert.Equal(Pods, c.Target));
        Assert.Equal(3, _server.ListRequests("pods"));
        Assert.Equal(3, _reporter.Count("ListRequest", "200"));
        Assert.Equal(3, _requests.Count(r => r.StartsWith("GET /api/v1/pods?") && r.Contains("limit=2") && !r.Contains("watch=true")));
    }

    [Fact]
    public async Task Each_listed_object_holds_its_page_until_released_and_the_last_release_disposes_the_page()
    {
        await StartServerAsync();
        for (var i = 0; i < 3; i++)
            _server.Create("v1", "pods", Pod($"pod-{i}"));

        StartWatcher();
        var changes = await TakeAsync(4);
        await WaitForReportAsync("Synced", "3");

        // Pages of two: pod-0 and pod-1 share one, pod-2 has its own; the list end and watch events carry none.
        var upserts = changes.Take(3).ToList();
        Assert.All(upserts, c => Assert.NotNull(c.Page));
        Assert.Same(upserts[0].Page, upserts[1].Page);
        Assert.NotSame(upserts[1].Page, upserts[2].Page);
        Assert.Null(changes[3].Page);

        // The watcher has let go of both pages; the objects it sent must still be readable.
        var first = upserts[0].Page!;
        Assert.False(first.Released);
        Assert.Equal(["pod-0", "pod-1", "pod-2"], upserts.Select(c => NameOf(c.Object)));
        first.Release();
        Assert.False(first.Released);
        Assert.Equal("pod-1", NameOf(upserts[1].Object));
        first.Release();
        Assert.True(first.Released);
        Assert.Throws<ObjectDisposedException>(() => first.Root.GetProperty("items"));

        upserts[2].Page!.Release();
        Assert.True(upserts[2].Page!.Released);
    }

    [Fact]
    public async Task A_watch_event_after_the_list_arrives_as_Upsert_or_Delete_of_the_same_generation()
    {
        await StartServerAsync();
        _server.Create("v1", "pods", Pod("existing"));
        StartWatcher();
        var list = await TakeAsync(2);
        await WaitUntilAsync(() => _server.OpenWatches == 1, "the watch is open");

        _server.Create("v1", "pods", Pod("new"));
        _server.Mutate("v1", "pods", "default", "new", pod => pod["spec"]!["priority"] = 5);
        _server.Delete("v1", "pods", "default", "new");
        var events = await TakeAsync(3);

        Assert.Equal([ChangeKind.Upsert, ChangeKind.Upsert, ChangeKind.Delete], events.Select(e => e.Kind));
        Assert.All(events, e => Assert.Equal("new", NameOf(e.Object)));
        Assert.All(events, e => Assert.Equal(list[1].Generation, e.Generation));
        Assert.Equal(0, events[0].Object.GetProperty("spec").GetProperty("priority").GetInt32());
        Assert.Equal(5, events[1].Object.GetProperty("spec").GetProperty("priority").GetInt32());
        await WaitUntilAsync(() => _reporter.Count("Event", "DELETED") == 1, "the DELETED event is reported");
        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], _reporter.Of("Event").Select(r => r.Value).Where(v => v != "BOOKMARK"));
        Assert.Equal(1, _server.ListRequests("pods"));
    }

    [Fact]
    public async Task Bookmarks_emit_nothing_but_advance_the_resourceVersion_the_next_watch_starts_from()
    {
        await StartServerAsync(bookmarkInterval: TimeSpan.FromMilliseconds(100));
        _server.Create("v1", "pods", Pod("a"));
        StartWatcher();
        await TakeAsync(2);
        await WaitUntilAsync(() => _server.OpenWatches == 1, "the watch is open");
        var firstWatchVersion = WatchVersions().Single();

        // Changes of another resource move the global resourceVersion on; the pod watch sees only bookmarks.
        long latest = 0;
        for (var i = 0; i < 3; i++)
            latest = long.Parse((string)_server.Create("apps/v1", "deployments", Deployment($"d{i}"))["metadata"]!["resourceVersion"]!);
        var bookmarks = _reporter.Count("Event", "BOOKMARK");
        await WaitUntilAsync(() => _reporter.Count("Event", "BOOKMARK") >= bookmarks + 2, "two more bookmarks");
        var emitted = _output.Count;
        _server.CloseAllWatches();
        await WaitUntilAsync(() => _server.WatchRequests("pods") >= 2, "a second watch");

        Assert.Equal(0, emitted);
        Assert.True(firstWatchVersion < latest, $"first watch from {firstWatchVersion}, latest {latest}");
        Assert.Equal(latest, WatchVersions()[1]);
        Assert.Equal(1, _server.ListRequests("pods"));
        Assert.Equal(0, _output.Count);
    }

    [Fact]
    public async Task A_watch_closed_by_the_server_is_resumed_without_a_new_list_and_later_updates_still_arrive()
    {
        await StartServerAsync();
        _server.Create("v1", "pods", Pod("a"));
        StartWatcher();
        var list = await TakeAsync(2);
        await WaitUntilAsync(() => _server.OpenWatches == 1, "the watch is open");

        _server.CloseAllWatches();
        await WaitForReportAsync("WatchRestarted", "closed");
        await WaitUntilAsync(() => _server.WatchRequests("pods") == 2 && _server.OpenWatches == 1, "the watch is open again");
        _server.Mutate("v1", "pods", "default", "a", pod => pod["spec"]!["priority"] = 7);
        var update = await NextAsync();

        Assert.Equal(ChangeKind.Upsert, update.Kind);
        Assert.Equal(7, update.Object.GetProperty("spec").GetProperty("priority").GetInt32());
        Assert.Equal(list[0].Generation, update.Generation);
        Assert.Equal(1, _server.ListRequests("pods"));
        Assert.DoesNotContain(_reporter.Reports, r => r is { Kind: "Up", Value: "False" });
    }

    [Fact]
    public async Task An_expired_resourceVersion_re_lists_with_a_higher_generation_and_a_ListCompleted()
    {
        await StartServerAsync(); // bookmarks hourly: none can carry a post-compaction version
        _server.Create("v1", "pods", Pod("a"));
        _server.Create("v1", "pods", Pod("b"));
        StartWatcher();
        var first = await TakeAsync(3);
        await WaitUntilAsync(() => _server.OpenWatches == 1, "the watch is open");

        _server.Delete("v1", "pods", "default", "b");
        var deleted = await NextAsync();
        _server.CompactHistory();
        _server.CloseAllWatches();
        await WaitForReportAsync("WatchRestarted", "expired");
        var relist = await TakeAsync(2);
        _server.Create("v1", "pods", Pod("c"));
        var after = await NextAsync();

        Assert.Equal((ChangeKind.Delete, "b"), (deleted.Kind, NameOf(deleted.Object)));
        Assert.Equal((ChangeKind.Upsert, "a"), (relist[0].Kind, NameOf(relist[0].Object)));
        Assert.Equal(ChangeKind.ListCompleted, relist[1].Kind);
        Assert.True(relist[1].Generation > first[2].Generation, $"generation {relist[1].Generation} after {first[2].Generation}");
        Assert.Equal(relist[0].Generation, relist[1].Generation);
        Assert.Equal((ChangeKind.Upsert, "c", relist[1].Generation), (after.Kind, NameOf(after.Object), after.Generation));
        Assert.Equal(2, _server.ListRequests("pods"));
        Assert.Contains(_logger.Lines, l => l.Message.Contains("watch ended (expired), re-listing"));
    }

    [Fact]
    public async Task A_continue_token_expiring_mid_list_restarts_the_list_and_completes_it_with_a_new_generation()
    {
        await StartServerAsync();
        for (var i = 0; i < 5; i++)
            _server.Create("v1", "pods", Pod($"pod-{i}"));
        var compacted = 0;
        _reporter.OnReport = r =>
        {
            if (r is { Kind: "ListRequest", Value: "200" } && Interlocked.Exchange(ref compacted, 1) == 0)
                _server.CompactHistory(); // between page 1 and page 2
        };

        StartWatcher();
        var changes = await TakeAsync(2 + 6);

        Assert.Equal(["200", "410", "200", "200", "200"], _reporter.Of("ListRequest").Select(r => r.Value));
        Assert.Equal(1, _reporter.Count("WatchRestarted", "expired"));
        var (partial, full) = (changes[..2], changes[2..]);
        Assert.Equal(["pod-0", "pod-1", "pod-2", "pod-3", "pod-4"], full[..5].Select(c => NameOf(c.Object)));
        Assert.Equal(ChangeKind.ListCompleted, full[5].Kind);
        Assert.DoesNotContain(partial, c => c.Kind == ChangeKind.ListCompleted);
        Assert.Single(full.Select(c => c.Generation).Distinct());
        Assert.True(full[0].Generation > partial[0].Generation);
    }

    [Fact]
    public async Task A_watch_that_falls_silent_is_ended_by_the_watchdog_and_resumed_from_its_resourceVersion()
    {
        await StartServerAsync();
        _server.Create("v1", "pods", Pod("a"));
        StartWatcher();
        await TakeAsync(2);
        await WaitUntilAsync(() => _server.OpenWatches == 1, "the watch is open");
        var opened = _reporter.Now;
        // Clear the fault as the watchdog fires, so the very next watch works.
        _reporter.OnReport = r =>
        {
            if (r is { Kind: "WatchRestarted", Value: "watchdog" })
                _server.HangWatches = false;
        };

        _server.HangWatches = true;
        _server.Create("v1", "pods", Pod("while-hung")); // not sent on the hung stream
        var latest = Options.MinWatchTimeout * 2 + Options.WatchdogGrace;
        var watchdog = await WaitForReportAsync("WatchRestarted", "watchdog", latest + TimeSpan.FromSeconds(3));
        var replayed = await NextAsync();

        var silentFor = watchdog.At - opened;
        Assert.InRange(silentFor, Options.MinWatchTimeout + Options.WatchdogGrace - TimeSpan.FromMilliseconds(500), latest + TimeSpan.FromSeconds(1.5));
        Assert.DoesNotContain(_reporter.Reports, r => r is { Kind: "WatchRestarted", Value: "closed" } && r.At < watchdog.At);
        Assert.Equal((ChangeKind.Upsert, "while-hung"), (replayed.Kind, NameOf(replayed.Object)));
        Assert.Equal(1, _server.ListRequests("pods"));
        Assert.Contains(_logger.Lines, l => l.Message.Contains("watch ended (watchdog), re-watching"));
    }

    [Fact]
    public async Task Two_failed_lists_report_down_then_recover_after_growing_backoff()
    {
        await StartServerAsync();
        _server.Create("v1", "pods", Pod("a"));
        _server.FailRequests(2, 500, "pods");

        StartWatcher();
        var changes = await TakeAsync(2);
        await WaitForReportAsync("Up", "True");
        await WaitForLogAsync("recovered");

        var lists = _reporter.Of("ListRequest");
        Assert.Equal(["500", "500", "200"], lists.Select(r => r.Value));
        Assert.Equal(["False", "False", "True"], _reporter.Of("Up").Select(r => r.Value));
        Assert.Equal(2, _reporter.Count("WatchRestarted", "error"));
        // 50 ms then 100 ms, each -20%..+20%
        Assert.InRange(lists[1].At - lists[0].At, TimeSpan.FromMilliseconds(40), TimeSpan.FromSeconds(1));
        Assert.InRange(lists[2].At - lists[1].At, TimeSpan.FromMilliseconds(80), TimeSpan.FromSeconds(1));
        Assert.Equal([ChangeKind.Upsert, ChangeKind.ListCompleted], changes.Select(c => c.Kind));
        Assert.Single(_logger.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains(_logger.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("HTTP 500") && l.Message.Contains("retrying with backoff"));
        Assert.Contains(_logger.Lines, l => l.Level == LogLevel.Information && l.Message.Contains("recovered"));
    }

    [Fact]
    public async Task The_API_server_going_away_reports_down_and_its_return_resumes_the_watch_without_a_list()
    {
        await StartServerAsync(bookmarkInterval: TimeSpan.FromMilliseconds(100));
        _server.Create("v1", "pods", Pod("a"));
        StartWatcher();
        await TakeAsync(2);
        await WaitUntilAsync(() => _server.OpenWatches == 1, "the watch is open");

        await _server.StopAsync();
        var down = await WaitForReportAsync("Up", "False");
        _server.Create("v1", "pods", Pod("during-outage"));
        await _server.RestartAsync();
        var replayed = await NextAsync();
        await WaitUntilAsync(() => _reporter.Reports.Any(r => r is { Kind: "Up", Value: "True" } && r.At > down.At), "up again");

        Assert.Equal((ChangeKind.Upsert, "during-outage"), (replayed.Kind, NameOf(replayed.Object)));
        Assert.Equal(1, _server.ListRequests("pods"));
        Assert.Single(_logger.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("serving the last known state"));
    }

    [Fact]
    public async Task A_persisting_403_backs_off_to_the_cap_warns_first_without_blaming_RBAC_then_states_the_ClusterRole_rule_once()
    {
        await StartServerAsync();
        _server.Create("v1", "pods", Pod("a"));
        _server.FailRequests(int.MaxValue, 403, "pods");

        StartWatcher();
        await WaitForReportAsync("Unavailable", "403");
        await WaitForLogAsync("still answers 403");
        await WaitUntilAsync(() => _reporter.Count("ListRequest", "403") >= 8, "two retries at the cap");
        var lists = _reporter.Of("ListRequest");
        var emitted = _output.Count;
        _server.ClearFaults();
        var changes = await TakeAsync(2);
        await WaitForLogAsync("is readable now");

        // 50, 100, 200, 400, 800 ms, then the 1 s cap (each ±20%)
        var gaps = lists.Zip(lists.Skip(1), (a, b) => (b.At - a.At).TotalMilliseconds).Take(7).ToArray();
        double[] nominal = [50, 100, 200, 400, 800, 1000, 1000];
        for (var i = 0; i < gaps.Length; i++)
            Assert.InRange(gaps[i], nominal[i] * 0.8 - 5, nominal[i] * 1.2 + 250);
        Assert.Equal(0, emitted);
        Assert.Equal("False", _reporter.Of("Up")[0].Value);
        Assert.Equal("HTTP 403 Forbidden", _reporter.Of("Failed")[0].Value);
        Assert.Equal([ChangeKind.Upsert, ChangeKind.ListCompleted], changes.Select(c => c.Kind));
        var warnings = _logger.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains("v1 pods answered 403 Forbidden; retrying with backoff", warnings[0]);
        Assert.Contains("if it persists, check that the ClusterRole grants get, list and watch on resource \"pods\" in API group \"\"", warnings[0]);
        Assert.DoesNotContain("Fix:", warnings[0]);
        Assert.Contains("still answers 403 Forbidden after 1 s", warnings[1]);
        Assert.Contains("Fix: add to the ClusterRole rules '- apiGroups: [\"\"] resources: [\"pods\"] verbs: [get, list, watch]'; retrying every 1 s", warnings[1]);
        Assert.Single(_logger.Lines, l => l.Level == LogLevel.Information && l.Message.Contains("is readable now, after answering 403"));
    }

    [Fact]
    public async Task A_persisting_403_is_retried_after_1_2_4_8_16_32_s_then_every_minute_and_the_RBAC_fix_is_logged_once_past_a_minute()
    {
        await StartServerAsync();
        _server.FailRequests(int.MaxValue, 403, "pods");
        var clock = new TimerRecordingClock();

        StartWatcher(options: new WatcherOptions(), time: clock, random: new MidpointRandom());
        double[] retries = [1, 2, 4, 8, 16, 32, 60, 60];
        foreach (var (seconds, attempt) in retries.Select((s, i) => (s, i + 1)))
        {
            var delay = TimeSpan.FromSeconds(seconds);
            var earlier = retries.Take(attempt - 1).Count(s => s == seconds);
            await WaitUntilAsync(() => clock.TimersDue(delay) > earlier, $"attempt {attempt} waits {seconds} s");
            Assert.Equal(attempt, _server.ListRequests("pods"));
            clock.Advance(delay);
            await WaitUntilAsync(() => _server.ListRequests("pods") == attempt + 1, $"attempt {attempt + 1} after {seconds} s");
        }

        var warnings = _logger.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains("answered 403 Forbidden; retrying with backoff (next in 1000 ms)", warnings[0]);
        // attempt 7 is the first at or past a minute: 1+2+4+8+16+32 = 63 s after the first
        Assert.Contains("still answers 403 Forbidden after 63 s (7 attempts)", warnings[1]);
        Assert.Contains("retrying every 60 s", warnings[1]);
        Assert.All(_reporter.Of("Failed"), r => Assert.Equal("HTTP 403 Forbidden", r.Value));
    }

    [Fact]
    public async Task A_transient_403_as_after_an_API_server_restart_costs_seconds_not_a_minute()
    {
        await StartServerAsync();
        _server.Create("v1", "pods", Pod("a"));
        _server.FailRequests(int.MaxValue, 403, "pods");
        // The production backoff: 1 s doubling, capped at a minute.
        var production = new WatcherOptions { PageSize = 2 };

        StartWatcher(options: production);
        await WaitForReportAsync("Unavailable", "403");
        var forbiddenAt = _reporter.Now;
        await Task.Delay(TimeSpan.FromSeconds(2)); // the authorizer syncs 2 s after the first 403
        _server.ClearFaults();
        var clearedAt = _reporter.Now;
        var changes = await TakeAsync(2);
        var synced = await WaitForReportAsync("Synced", "1");

        // attempts at 0, ~1 and ~3 s: synced about a second after the 403s stop, 3.6 s at most
        Assert.True(synced.At - forbiddenAt < TimeSpan.FromSeconds(4.5), $"synced {(synced.At - forbiddenAt).TotalSeconds:0.0} s after the first 403");
        Assert.True(synced.At - clearedAt < TimeSpan.FromSeconds(2.5), $"synced {(synced.At - clearedAt).TotalSeconds:0.0} s after the 403s stopped");
        Assert.Equal([ChangeKind.Upsert, ChangeKind.ListCompleted], changes.Select(c => c.Kind));
        var warning = Assert.Single(_logger.Lines, l => l.Level == LogLevel.Warning).Message;
        Assert.Contains("answered 403 Forbidden; retrying with backoff (next in ", warning);
        Assert.Contains("Expected for a few seconds after an API server restart", warning);
        Assert.DoesNotContain(_logger.Lines, l => l.Message.Contains("still answers"));
        Assert.Contains(_logger.Lines, l => l.Level == LogLevel.Information && l.Message.Contains("is readable now, after answering 403"));
    }

    [Fact]
    public async Task An_unknown_resource_is_reported_Unavailable_404_with_the_CRD_hint_and_syncs_once_the_CRD_is_installed()
    {
        await StartServerAsync();
        var widgets = new WatchTarget("widgets", "example.com", "v1", "widgets", null, "", "");

        StartWatcher(widgets);
        await WaitForReportAsync("Unavailable", "404");
        _server.AddResource("example.com/v1", "widgets", "Widget", namespaced: false);
        _server.Create("example.com/v1", "widgets", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "w1" }, ["spec"] = new JsonObject { ["size"] = 3 } });
        var changes = await TakeAsync(2);
        await WaitForLogAsync("is readable now");

        Assert.Equal("404", _reporter.Of("ListRequest")[0].Value);
        Assert.Equal("HTTP 404 Not Found", _reporter.Of("Failed")[0].Value);
        Assert.Equal((ChangeKind.Upsert, "w1"), (changes[0].Kind, NameOf(changes[0].Object)));
        Assert.Equal(ChangeKind.ListCompleted, changes[1].Kind);
        var warning = _logger.Lines.First(l => l.Level == LogLevel.Warning).Message;
        Assert.Contains("example.com/v1 widgets answered 404 Not Found; retrying with backoff", warning);
        Assert.Contains("its CRD is not installed (yet)", warning);
    }

    [Fact]
    public async Task A_corrupt_watch_line_re_lists_at_once_and_logs_one_warning()
    {
        await StartServerAsync();
        _server.Create("v1", "pods", Pod("a"));
        StartWatcher();
        var first = await TakeAsync(2);
        await WaitUntilAsync(() => _server.OpenWatches == 1, "the watch is open");

        _server.SendRawWatchLine("pods", "{\"type\":\"ADDED\",\"object\":{\"metadata\":");
        await WaitForReportAsync("WatchRestarted", "corrupt");
        var relist = await TakeAsync(2);

        Assert.Equal([ChangeKind.Upsert, ChangeKind.ListCompleted], relist.Select(c => c.Kind));
        Assert.True(relist[1].Generation > first[1].Generation);
        Assert.Equal(2, _server.ListRequests("pods"));
        Assert.Single(_logger.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("corrupt"));
    }

    [Fact]
    public async Task Lists_answered_410_again_and_again_are_retried_with_backoff_not_in_a_tight_loop()
    {
        await StartServerAsync();
        _server.Create("v1", "pods", Pod("a"));
        _server.FailRequests(int.MaxValue, 410, "pods");

        StartWatcher();
        await WaitForReportAsync("ListRequest", "410");
        var clock = Stopwatch.StartNew();
        await WaitUntilAsync(() => clock.Elapsed > TimeSpan.FromSeconds(1), "a second of 410s");
        var lists = _server.ListRequests("pods");
        _server.ClearFaults();
        var changes = await TakeAsync(2);

        // 50, 100, 200, 400, 400 ms (±20%): about six lists in the first second, never hundreds.
        Assert.InRange(lists, 2, 10);
        Assert.Equal([ChangeKind.Upsert, ChangeKind.ListCompleted], changes.Select(c => c.Kind));
    }

    [Fact]
    public async Task Cancellation_ends_RunAsync_promptly_while_watching_and_closes_the_watch()
    {
        await StartServerAsync();
        _server.Create("v1", "pods", Pod("a"));
        StartWatcher();
        await TakeAsync(2);
        await WaitUntilAsync(() => _server.OpenWatches == 1, "the watch is open");

        var clock = Stopwatch.StartNew();
        await _stop.CancelAsync();
        var outcome = await Record.ExceptionAsync(() => _running.WaitAsync(TimeSpan.FromSeconds(2)));
        var took = clock.Elapsed;

        Assert.True(outcome is null or OperationCanceledException, $"RunAsync ended with {outcome}");
        Assert.True(took < TimeSpan.FromSeconds(2), $"took {took}");
        await WaitUntilAsync(() => _server.OpenWatches == 0, "the server sees the watch closed");
    }

    [Fact]
    public async Task Cancellation_ends_RunAsync_promptly_while_waiting_to_retry_an_unavailable_resource()
    {
        await StartServerAsync();
        _server.FailRequests(int.MaxValue, 404, "pods");
        StartWatcher(options: Options with { InitialBackoff = TimeSpan.FromMinutes(1), UnavailableMaxBackoff = TimeSpan.FromMinutes(1) });
        await WaitForReportAsync("Unavailable", "404");

        var clock = Stopwatch.StartNew();
        await _stop.CancelAsync();
        var outcome = await Record.ExceptionAsync(() => _running.WaitAsync(TimeSpan.FromSeconds(2)));

        Assert.True(outcome is null or OperationCanceledException, $"RunAsync ended with {outcome}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    private async Task StartServerAsync(TimeSpan? bookmarkInterval = null)
    {
        _server = await KubeApiTestServer.StartAsync(new KubeApiTestServerOptions
        {
            BookmarkInterval = bookmarkInterval ?? TimeSpan.FromHours(1),
            RequestLog = _requests.Enqueue,
        });
        _client = KubernetesClientFactory.Create(KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.WriteKubeconfig(_kubeconfigDirectory)));
    }

    private void StartWatcher(WatchTarget? target = null, WatcherOptions? options = null, TimeProvider? time = null, Random? random = null)
    {
        time ??= TimeProvider.System;
        options ??= Options;
        var liveness = new ApiServerLiveness(_client, time, options.ProbeTimeout);
        var watcher = new ResourceWatcher(_client, target ?? Pods, _output, _reporter, _logger, time, options, liveness, random ?? new Random(1));
        _running = Task.Run(() => watcher.RunAsync(_stop.Token));
    }

    private async Task<FetchedChange> NextAsync(TimeSpan? timeout = null)
    {
        try
        {
            return await _output.ReceiveAsync(timeout ?? Deadline);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no change from the watcher within {(timeout ?? Deadline).TotalSeconds} s{Diagnostics()}");
        }
    }

    private async Task<List<FetchedChange>> TakeAsync(int count, TimeSpan? timeout = null)
    {
        var changes = new List<FetchedChange>();
        for (var i = 0; i < count; i++)
            changes.Add(await NextAsync(timeout));
        return changes;
    }

    private async Task<Report> WaitForReportAsync(string kind, string value, TimeSpan? timeout = null)
    {
        Report? found = null;
        await WaitUntilAsync(() => (found = _reporter.Reports.FirstOrDefault(r => r.Kind == kind && r.Value == value)) is not null,
            $"{kind}({value}) reported", timeout);
        return found!;
    }

    private Task WaitForLogAsync(string text) =>
        WaitUntilAsync(() => _logger.Lines.Any(l => l.Message.Contains(text)), $"a log line with \"{text}\"");

    private async Task<Report> WaitUntilAsync(Func<Report?> find, string what, TimeSpan? timeout = null)
    {
        Report? found = null;
        await WaitUntilAsync(() => (found = find()) is not null, what, timeout);
        return found!;
    }

    private Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(() => condition() || (_running.IsFaulted
                ? throw new InvalidOperationException($"the watcher failed while waiting for: {what}", _running.Exception)
                : false),
            timeout ?? Deadline, what, Diagnostics, TimeSpan.FromMilliseconds(10));

    private string Diagnostics() =>
        $"\nReports:\n{_reporter}\nLog:\n{_logger}\nRequests:\n{string.Join("\n", _requests)}";

    /// <summary>The resourceVersion of each watch request so far, in order.</summary>
    private List<long> WatchVersions() => _requests
        .Where(r => r.Contains("watch=true"))
        .Select(r => long.Parse(ResourceVersionParameter().Match(r).Groups[1].Value))
        .ToList();

    [GeneratedRegex(@"[?&]resourceVersion=(\d+)")]
    private static partial Regex ResourceVersionParameter();

    private static JsonObject Pod(string name) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["spec"] = new JsonObject { ["priority"] = 0 },
    };

    private static JsonObject Deployment(string name) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["spec"] = new JsonObject { ["replicas"] = 1 },
    };

    private static string NameOf(JsonElement obj) => obj.GetProperty("metadata").GetProperty("name").GetString()!;
}
