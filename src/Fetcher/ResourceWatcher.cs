using System.Net;
using System.Text.Json;
using System.Threading.Tasks.Dataflow;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Logging;

namespace KubeApiExporter.Fetcher;

/// <summary>
/// The fetch block of one <see cref="WatchTarget"/>: list (paginated), then watch from the list's
/// resourceVersion with bookmarks, for as long as it runs. Re-lists on 410 Gone or a corrupt stream
/// and ends each list with <see cref="ChangeKind.ListCompleted"/> so the sink drops what vanished.
/// Errors (403/404 included) are retried with capped, jittered backoff. A silent API server (a hung
/// process, a path that drops packets) is noticed by HTTP/2 pings, by a probe when the watch has heard
/// nothing for a while, or by the list page timeout: the resource is reported down and its requests
/// restart on a new connection.
/// </summary>
public sealed class ResourceWatcher(
    IKubernetes client,
    WatchTarget target,
    ITargetBlock<FetchedChange> output,
    IWatchReporter reporter,
    ILogger logger,
    TimeProvider time,
    WatcherOptions options,
    ApiServerLiveness liveness,
    Random random)
{
    /// <summary>How one watch ended: the version to resume from (null: re-list), why, and the error if any.</summary>
    private readonly record struct WatchOutcome(string? ResourceVersion, WatchEnd End, string? Error = null);

    // List generations are global so that a watcher started by a config reload never reuses the
    // generation of an older list of the same scope (the sink would then keep stale objects).
    private static long s_generations;
    private readonly ApiRequests _requests = ApiRequests.For(client);
    private long _generation;
    // 1 while failing; set and cleared from the watch loop and from the silence detector.
    private int _failing;

    public WatchTarget Target => target;

    private bool Failing => Volatile.Read(ref _failing) == 1;

    public async Task RunAsync(CancellationToken ct)
    {
        var backoff = new Backoff(options.InitialBackoff, options.MaxBackoff, random);
        var unavailableBackoff = new Backoff(options.InitialBackoff, options.UnavailableMaxBackoff, random);
        var unavailable = new UnavailableStreak(target, logger, time, options);
        string? resourceVersion = null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    resourceVersion = await ListAsync(ct);
                    unavailable.Readable();
                    unavailableBackoff.Reset();
                }
                var outcome = await WatchAsync(resourceVersion, ct);
                resourceVersion = outcome.ResourceVersion;
                reporter.WatchRestarted(target, outcome.End);
                switch (outcome.End)
                {
                    case WatchEnd.Closed:
                        backoff.Reset();
                        MarkRecovered(); // the server accepted and ended the watch: reachable, even on a quiet resource
                        break;
                    case WatchEnd.Expired or WatchEnd.Watchdog:
                        backoff.Reset();
                        logger.LogInformation("{Resource}: watch ended ({Reason}), {Action}", target.Name, outcome.End.Label(),
                            resourceVersion is null ? "re-listing" : "re-watching");
                        break;
                    case WatchEnd.Corrupt:
                        // Logged with its error already. A server that corrupts every stream must not
                        // get back-to-back full lists: the re-list waits like any other failure.
                        await Task.Delay(backoff.Next(), time, ct);
                        break;
                    default:
                        await FailAsync(outcome.End, outcome.Error!, backoff, ct);
                        break;
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
            {
                // Not a reason to wait a minute: right after an API server restart its authorizer may
                // answer 403 for seconds with correct RBAC, and a CRD may be installed any moment.
                var code = (int)e.Response.StatusCode;
                resourceVersion = null;
                reporter.Up(target, false);
                reporter.Unavailable(target, code, FailureDescription.Of(e));
                var delay = unavailableBackoff.Next();
                unavailable.Answered(code, delay);
                await Task.Delay(delay, time, ct);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)
            {
                // HTTP 410 on a watch or on a list's continue token: start over with a fresh list.
                var duringList = resourceVersion is null;
                resourceVersion = null;
                reporter.WatchRestarted(target, WatchEnd.Expired);
                logger.LogInformation("{Resource}: resourceVersion expired (HTTP 410), re-listing", target.Name);
                // A list answered 410 again and again must not become a tight loop of list requests.
                if (duringList)
                    await Task.Delay(backoff.Next(), time, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                await FailAsync(FailureDescription.IsSilence(e) ? WatchEnd.Silent : WatchEnd.Error, FailureDescription.Of(e), backoff, ct);
            }
        }
    }

    /// <summary>A list or watch failed: down, counted, logged once per outage, retried after the backoff.</summary>
    private async Task FailAsync(WatchEnd end, string error, Backoff backoff, CancellationToken ct)
    {
        reporter.Up(target, false);
        reporter.Failed(target, error);
        reporter.WatchRestarted(target, end);
        var delay = backoff.Next();
        if (Interlocked.Exchange(ref _failing, 1) == 0)
            logger.LogWarning("{Resource}: {Target} failed ({Error}); serving the last known state, retrying with backoff (next in {DelayMs} ms)",
                target.Name, target, error, (int)delay.TotalMilliseconds);
        else
            logger.LogDebug("{Resource}: still failing ({Error}), next retry in {DelayMs} ms", target.Name, error, (int)delay.TotalMilliseconds);
        await Task.Delay(delay, time, ct);
    }

    private async Task<string> ListAsync(CancellationToken ct)
    {
        var generation = _generation = Interlocked.Increment(ref s_generations);
        var started = time.GetTimestamp();
        string? continueToken = null;
        string resourceVersion = "";
        int objects = 0, pages = 0;
        do
        {
            ListPage page;
            // The client's own limit is 100 s: too long to pass a hung server for a working one.
            using var pageTimeout = new CancellationTokenSource(options.RequestTimeout, time);
            using var request = CancellationTokenSource.CreateLinkedTokenSource(ct, pageTimeout.Token);
            try
            {
                page = await _requests.ListPageAsync(target, continueToken, options.PageSize, request.Token);
                reporter.ListRequest(target, "200");
                liveness.Heard();
            }
            catch (HttpOperationException e)
            {
                reporter.ListRequest(target, ((int)e.Response.StatusCode).ToString());
                liveness.Heard();
                throw;
            }
            catch (OperationCanceledException) when (pageTimeout.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                reporter.ListRequest(target, "error");
                throw new SilenceException($"no answer to a list request within {options.RequestTimeout.TotalSeconds:0.#} s");
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                reporter.ListRequest(target, "error");
                throw;
            }
            pages++;
            var received = time.GetTimestamp();
            try
            {
                var root = page.Root;
                if (root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in items.EnumerateArray())
                    {
                        page.Hold(); // released by whichever stage is last to read the object
                        await SendAsync(new FetchedChange(ChangeKind.Upsert, target, generation, item, received, page), ct);
                        objects++;
                    }
                }
                continueToken = null;
                if (root.TryGetProperty("metadata", out var meta))
                {
                    if (meta.TryGetProperty("continue", out var c) && c.ValueKind == JsonValueKind.String && c.GetString() is { Length: > 0 } token)
                        continueToken = token;
                    if (meta.TryGetProperty("resourceVersion", out var rv) && rv.ValueKind == JsonValueKind.String)
                        resourceVersion = rv.GetString()!;
                }
            }
            finally
            {
                page.Release();
            }
        }
        while (continueToken is not null);

        await SendAsync(new FetchedChange(ChangeKind.ListCompleted, target, generation, default, time.GetTimestamp()), ct);
        reporter.Synced(target, objects);
        MarkRecovered();
        logger.LogInformation("{Resource}: listed {Objects} objects of {Target} in {Pages} pages, {ElapsedMs} ms, resourceVersion {ResourceVersion}",
            target.Name, objects, target, pages, (int)time.GetElapsedTime(started).TotalMilliseconds, resourceVersion);
        return resourceVersion;
    }

    /// <summary>Runs one watch to its end. Throws on 403/404/410 answers; other failures end it with an outcome that keeps its resourceVersion.</summary>
    private async Task<WatchOutcome> WatchAsync(string resourceVersion, CancellationToken ct)
    {
        var timeout = options.MinWatchTimeout * (1 + random.NextDouble());
        // Watches ignore the client's HTTP timeout: a silently dead connection would hang forever.
        using var watchdog = new CancellationTokenSource(timeout + options.WatchdogGrace, time);
        // Ended by the silence detector when the server has gone silent.
        using var abort = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, watchdog.Token, abort.Token);
        var expired = false;
        string? corrupt = null;
        string? streamError = null;
        string? silence = null;

        using var detectorStop = CancellationTokenSource.CreateLinkedTokenSource(linked.Token);
        var detector = DetectSilenceAsync(error =>
        {
            silence = error;
            abort.Cancel();
        }, detectorStop.Token);
        try
        {
            using var response = await _requests.WatchAsync(target, resourceVersion, (int)timeout.TotalSeconds, linked.Token);
            await foreach (var line in ApiRequests.WatchLines(response, linked.Token))
            {
                if (line.Corrupt is not null)
                {
                    corrupt = line.Corrupt;
                    break;
                }
                if (line.StatusCode is { } code)
                {
                    // An error status inside the stream (410: the resourceVersion is too old): the watch is over.
                    if (code == 410)
                        expired = true;
                    else
                        streamError = line.Error;
                    break;
                }
                var type = EventType(line.Type!);
                if (type is null)
                {
                    corrupt = $"unknown watch event type '{line.Type}'";
                    break;
                }
                var element = line.Object;
                var received = time.GetTimestamp();
                liveness.Heard();
                if (Failing)
                    MarkRecovered();
                if (ObjectMetadata.ResourceVersionOf(element) is { } rv)
                    resourceVersion = rv;
                switch (type)
                {
                    case WatchEventType.Added:
                    case WatchEventType.Modified:
                        await SendAsync(new FetchedChange(ChangeKind.Upsert, target, _generation, element, received), ct);
                        break;
                    case WatchEventType.Deleted:
                        await SendAsync(new FetchedChange(ChangeKind.Delete, target, _generation, element, received), ct);
                        break;
                }
                reporter.Event(target, EventName(type.Value));
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            // The silence detector recorded why; handled below.
        }
        catch (OperationCanceledException) when (watchdog.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return new WatchOutcome(resourceVersion, WatchEnd.Watchdog);
        }
        catch (Exception e) when (e is not HttpOperationException && !ct.IsCancellationRequested)
        {
            // A dropped connection, or one SocketsHttpHandler aborted after unanswered HTTP/2 pings.
            return new WatchOutcome(resourceVersion, FailureDescription.IsSilence(e) ? WatchEnd.Silent : WatchEnd.Error, FailureDescription.Of(e));
        }
        finally
        {
            await detectorStop.CancelAsync();
            await detector;
        }

        if (silence is not null)
            return new WatchOutcome(resourceVersion, WatchEnd.Silent, silence);
        if (expired)
            return new WatchOutcome(null, WatchEnd.Expired);
        if (corrupt is not null)
        {
            logger.LogWarning("{Resource}: watch stream of {Target} is corrupt ({Error}); re-listing", target.Name, target, corrupt);
            return new WatchOutcome(null, WatchEnd.Corrupt);
        }
        if (streamError is not null)
            return new WatchOutcome(resourceVersion, WatchEnd.Error, $"watch stream error: {streamError}");
        return new WatchOutcome(resourceVersion, WatchEnd.Closed);
    }

    /// <summary>
    /// Runs beside a watch. Once nothing has been heard from the API server for ProbeAfterSilence, it
    /// probes; no answer calls <paramref name="silent"/>. While the resource is down it probes every
    /// ProbeWhileDown, to report the recovery even when the resource is quiet.
    /// </summary>
    private async Task DetectSilenceAsync(Action<string> silent, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                var wait = Failing ? options.ProbeWhileDown : options.ProbeAfterSilence - liveness.SilentFor;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, ct);
                    if (!Failing && liveness.SilentFor < options.ProbeAfterSilence)
                        continue;
                }
                var silentFor = liveness.SilentFor;
                var error = await liveness.ProbeAsync(ct);
                if (error is null)
                {
                    if (Failing)
                        MarkRecovered();
                    continue;
                }
                silent($"no data for {silentFor.TotalSeconds:0} s, then {error}");
                return;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>A list or a watch event got through: the resource is up again (watches resume without a list).</summary>
    private void MarkRecovered()
    {
        reporter.Up(target, true);
        if (Interlocked.Exchange(ref _failing, 0) == 1)
            logger.LogInformation("{Resource}: {Target} recovered", target.Name, target);
    }

    private async Task SendAsync(FetchedChange change, CancellationToken ct)
    {
        // Bounded downstream: waiting here is the back-pressure that keeps memory flat.
        if (!await output.SendAsync(change, ct))
            throw new OperationCanceledException("pipeline no longer accepts changes", ct);
    }

    private static WatchEventType? EventType(string type) => type switch
    {
        "ADDED" => WatchEventType.Added,
        "MODIFIED" => WatchEventType.Modified,
        "DELETED" => WatchEventType.Deleted,
        "BOOKMARK" => WatchEventType.Bookmark,
        "ERROR" => WatchEventType.Error,
        _ => null,
    };

    private static string EventName(WatchEventType type) => type switch
    {
        WatchEventType.Added => "ADDED",
        WatchEventType.Modified => "MODIFIED",
        WatchEventType.Deleted => "DELETED",
        WatchEventType.Bookmark => "BOOKMARK",
        _ => "ERROR",
    };

    private static string? NullIfEmpty(string s) => string.IsNullOrEmpty(s) ? null : s;
}
