using System.Threading.Tasks.Dataflow;
using KubeApiExporter.Fetcher;
using Microsoft.Extensions.Logging;
using Xunit;

namespace KubeApiExporter.Tests.Integration.Fetcher;

/// <summary>
/// A hung API server (every connection open and silent, as under SIGSTOP) against the real watcher over
/// HTTP/1.1, where there are no HTTP/2 pings: the probe and the list page timeout must notice it, report
/// the resource down, restart on a new connection, and report it up again once the server answers.
/// The deadlines are scaled down (1 s of silence, then a 0.5 s probe) to keep the tests short.
/// </summary>
public sealed partial class ResourceWatcherTests
{
    private static readonly WatcherOptions Silence = Options with
    {
        MinWatchTimeout = TimeSpan.FromMinutes(5), // no watch timeout or watchdog during the test
        ProbeAfterSilence = TimeSpan.FromSeconds(1),
        ProbeTimeout = TimeSpan.FromMilliseconds(500),
        ProbeWhileDown = TimeSpan.FromMilliseconds(200),
        RequestTimeout = TimeSpan.FromSeconds(1),
    };

    [Fact]
    public async Task A_hung_API_server_is_noticed_within_the_probe_deadline_reports_down_and_resumes_the_watch_after_release()
    {
        await StartServerAsync();
        _server.Create("v1", "pods", Pod("a"));
        StartWatcher(options: Silence);
        await TakeAsync(2);
        await WaitUntilAsync(() => _server.OpenWatches == 1, "the watch is open");

        _server.HangAll = true;
        var hungAt = _reporter.Now;
        _server.Create("v1", "pods", Pod("while-hung")); // held in the paused stream
        var down = await WaitForReportAsync("Up", "False");
        var silent = await WaitForReportAsync("WatchRestarted", "silent");
        // The client dropped the dead connection: the server sees its watch end while still hung.
        await WaitUntilAsync(() => _server.OpenWatches == 0, "the hung watch's connection is closed by the client");
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // still hung: stays down, probes keep failing
        var whileHung = _reporter.Reports;
        _server.HangAll = false;
        var releasedAt = _reporter.Now;
        var replayed = await NextAsync();
        var up = await WaitUntilAsync(() => _reporter.Reports.FirstOrDefault(r => r is { Kind: "Up", Value: "True" } && r.At > down.At), "up again");

        var noticedAfter = down.At - hungAt;
        // at most 1 s of silence + a 0.5 s probe, plus scheduling
        Assert.InRange(noticedAfter, TimeSpan.FromSeconds(0.4), Silence.ProbeAfterSilence + Silence.ProbeTimeout + TimeSpan.FromSeconds(0.5));
        Assert.True(silent.At <= down.At + TimeSpan.FromMilliseconds(50));
        Assert.DoesNotContain(whileHung, r => r is { Kind: "Up", Value: "True" } && r.At > down.At);
        Assert.StartsWith("no data for 1 s, then no answer to GET /version within 0.5 s", _reporter.Of("Failed")[0].Value);
        Assert.True(up.At - releasedAt < TimeSpan.FromSeconds(2), $"up {(up.At - releasedAt).TotalSeconds:0.0} s after the release");
        Assert.Equal((ChangeKind.Upsert, "while-hung"), (replayed.Kind, NameOf(replayed.Object)));
        Assert.Equal(1, _server.ListRequests("pods")); // resumed from its resourceVersion, no re-list
        Assert.Single(_logger.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("failed (no data for"));
        Assert.Contains(_logger.Lines, l => l.Level == LogLevel.Information && l.Message.Contains("recovered"));
    }

    [Fact]
    public async Task A_list_the_server_never_answers_fails_after_RequestTimeout_as_silent_and_succeeds_after_release()
    {
        await StartServerAsync();
        _server.Create("v1", "pods", Pod("a"));
        _server.HangAll = true;

        StartWatcher(options: Silence);
        var failed = await WaitForReportAsync("WatchRestarted", "silent");
        _server.HangAll = false;
        var changes = await TakeAsync(2);

        Assert.InRange(failed.At, Silence.RequestTimeout - TimeSpan.FromMilliseconds(100), Silence.RequestTimeout + TimeSpan.FromSeconds(1));
        Assert.Equal("error", _reporter.Of("ListRequest")[0].Value);
        Assert.Equal("no answer to a list request within 1 s", _reporter.Of("Failed")[0].Value);
        Assert.Equal([ChangeKind.Upsert, ChangeKind.ListCompleted], changes.Select(c => c.Kind));
    }

    [Fact]
    public async Task A_quiet_resource_on_a_live_server_stays_up_and_costs_one_probe_per_silence_period()
    {
        await StartServerAsync();
        _server.Create("v1", "pods", Pod("a"));
        StartWatcher(options: Silence);
        await TakeAsync(2);
        await WaitUntilAsync(() => _server.OpenWatches == 1, "the watch is open");

        await Task.Delay(TimeSpan.FromSeconds(3.5));
        var probes = _requests.Count(r => r.StartsWith("GET /version"));

        Assert.InRange(probes, 2, 4); // one per second of silence
        Assert.DoesNotContain(_reporter.Reports, r => r is { Kind: "Up", Value: "False" });
        Assert.DoesNotContain(_reporter.Reports, r => r.Kind == "WatchRestarted");
        Assert.Equal(1, _server.WatchRequests("pods"));
    }
}
