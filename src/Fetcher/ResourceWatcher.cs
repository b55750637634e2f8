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
/// Errors are retried with capped, jittered backoff; 403/404 every <see cref="WatcherOptions.UnavailableRetry"/>.
/// </summary>
public sealed class ResourceWatcher(
    IKubernetes client,
    WatchTarget target,
    ITargetBlock<FetchedChange> output,
    IWatchReporter reporter,
    ILogger logger,
    TimeProvider time,
    WatcherOptions options,
    Random random)
{
    // List generations are global so that a watcher started by a config reload never reuses the
    // generation of an older list of the same scope (the sink would then keep stale objects).
    private static long s_generations;
    private long _generation;
    private bool _failing;

    public WatchTarget Target => target;

    public async Task RunAsync(CancellationToken ct)
    {
        var backoff = new Backoff(options.InitialBackoff, options.MaxBackoff, random);
        string? resourceVersion = null;
        int? unavailableCode = null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    resourceVersion = await ListAsync(ct);
                    if (unavailableCode is not null)
                        logger.LogInformation("{Resource}: {Target} is readable now", target.Resource, target);
                    unavailableCode = null;
                }
                var (nextVersion, reason) = await WatchAsync(resourceVersion, ct);
                resourceVersion = nextVersion;
                reporter.WatchRestarted(target, reason);
                if (reason == "corrupt")
                {
                    // Logged with its error already. A server that corrupts every stream must not
                    // get back-to-back full lists: the re-list waits like any other failure.
                    await Task.Delay(backoff.Next(), time, ct);
                    continue;
                }
                backoff.Reset();
                if (reason == "closed")
                    MarkRecovered(); // the server accepted and ended the watch: reachable, even on a quiet resource
                else
                    logger.LogInformation("{Resource}: watch ended ({Reason}), {Action}", target.Resource, reason,
                        resourceVersion is null ? "re-listing" : "re-watching");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
            {
                var code = (int)e.Response.StatusCode;
                resourceVersion = null;
                reporter.Up(target, false);
                reporter.Failed(target, $"HTTP {code} {e.Response.StatusCode}");
                reporter.Unavailable(target, code);
                if (unavailableCode != code)
                    logger.LogWarning("{Resource}: {Target} answered {Code}; retrying every {RetrySeconds} s. Fix: {Fix}",
                        target.Resource, target, code, options.UnavailableRetry.TotalSeconds, FixFor(code));
                unavailableCode = code;
                await Task.Delay(options.UnavailableRetry, time, ct);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)
            {
                // HTTP 410 on a watch or on a list's continue token: start over with a fresh list.
                var duringList = resourceVersion is null;
                resourceVersion = null;
                reporter.WatchRestarted(target, "expired");
                logger.LogInformation("{Resource}: resourceVersion expired (HTTP 410), re-listing", target.Resource);
                // A list answered 410 again and again must not become a tight loop of list requests.
                if (duringList)
                    await Task.Delay(backoff.Next(), time, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                reporter.Up(target, false);
                reporter.Failed(target, Describe(e));
                reporter.WatchRestarted(target, "error");
                var delay = backoff.Next();
                if (!_failing)
                    logger.LogWarning("{Resource}: {Target} failed ({Error}); serving the last known state, retrying with backoff (next in {DelayMs} ms)",
                        target.Resource, target, Describe(e), (int)delay.TotalMilliseconds);
                else
                    logger.LogDebug("{Resource}: still failing ({Error}), next retry in {DelayMs} ms", target.Resource, Describe(e), (int)delay.TotalMilliseconds);
                _failing = true;
                await Task.Delay(delay, time, ct);
            }
        }
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
            JsonElement page;
            try
            {
                page = (JsonElement)await ListPageAsync(continueToken, ct);
                reporter.ListRequest(target, "200");
            }
            catch (HttpOperationException e)
            {
                reporter.ListRequest(target, ((int)e.Response.StatusCode).ToString());
                throw;
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                reporter.ListRequest(target, "error");
                throw;
            }
            pages++;
            var received = time.GetTimestamp();
            if (page.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    await SendAsync(new FetchedChange(ChangeKind.Upsert, target, generation, item, received), ct);
                    objects++;
                }
            }
            continueToken = null;
            if (page.TryGetProperty("metadata", out var meta))
            {
                if (meta.TryGetProperty("continue", out var c) && c.ValueKind == JsonValueKind.String && c.GetString() is { Length: > 0 } token)
                    continueToken = token;
                if (meta.TryGetProperty("resourceVersion", out var rv) && rv.ValueKind == JsonValueKind.String)
                    resourceVersion = rv.GetString()!;
            }
        }
        while (continueToken is not null);

        await SendAsync(new FetchedChange(ChangeKind.ListCompleted, target, generation, default, time.GetTimestamp()), ct);
        reporter.Synced(target, objects);
        MarkRecovered();
        logger.LogInformation("{Resource}: listed {Objects} objects of {Target} in {Pages} pages, {ElapsedMs} ms, resourceVersion {ResourceVersion}",
            target.Resource, objects, target, pages, (int)time.GetElapsedTime(started).TotalMilliseconds, resourceVersion);
        return resourceVersion;
    }

    private Task<object> ListPageAsync(string? continueToken, CancellationToken ct)
    {
        var labelSelector = NullIfEmpty(target.LabelSelector);
        var fieldSelector = NullIfEmpty(target.FieldSelector);
        return target.Namespace is null
            ? client.CustomObjects.ListClusterCustomObjectAsync(target.Group, target.Version, target.Plural,
                continueParameter: continueToken, fieldSelector: fieldSelector, labelSelector: labelSelector,
                limit: options.PageSize, cancellationToken: ct)
            : client.CustomObjects.ListNamespacedCustomObjectAsync(target.Group, target.Version, target.Namespace, target.Plural,
                continueParameter: continueToken, fieldSelector: fieldSelector, labelSelector: labelSelector,
                limit: options.PageSize, cancellationToken: ct);
    }

    /// <summary>Runs one watch to its end. Returns the version to resume from (null: re-list) and why it ended.</summary>
    private async Task<(string? ResourceVersion, string Reason)> WatchAsync(string resourceVersion, CancellationToken ct)
    {
        var timeout = options.MinWatchTimeout * (1 + random.NextDouble());
        // Watches ignore the client's HTTP timeout: a silently dead connection would hang forever.
        using var watchdog = new CancellationTokenSource(timeout + options.WatchdogGrace, time);
        // Ended by us when onError reports a problem: the client would otherwise go on reading the stream.
        using var abort = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, watchdog.Token, abort.Token);
        var expired = false;
        string? corrupt = null;
        string? streamError = null;
        void OnError(Exception e)
        {
            // A 410 ERROR event surfaces only here (never as an event, never thrown).
            if (e is KubernetesException { Status.Code: 410 })
                expired = true;
            else if (e is JsonException)
                corrupt ??= e.Message;
            else
                streamError ??= e.Message;
            abort.Cancel();
        }

        var labelSelector = NullIfEmpty(target.LabelSelector);
        var fieldSelector = NullIfEmpty(target.FieldSelector);
        var timeoutSeconds = (int)timeout.TotalSeconds;
        var stream = target.Namespace is null
            ? client.CustomObjects.WatchListClusterCustomObjectAsync(target.Group, target.Version, target.Plural,
                allowWatchBookmarks: true, fieldSelector: fieldSelector, labelSelector: labelSelector,
                resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: OnError, cancellationToken: linked.Token)
            : client.CustomObjects.WatchListNamespacedCustomObjectAsync(target.Group, target.Version, target.Namespace, target.Plural,
                allowWatchBookmarks: true, fieldSelector: fieldSelector, labelSelector: labelSelector,
                resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: OnError, cancellationToken: linked.Token);
        try
        {
            await foreach (var (type, obj) in stream.WithCancellation(linked.Token))
            {
                if (obj is not JsonElement element)
                    continue;
                var received = time.GetTimestamp();
                if (_failing)
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
                reporter.Event(target, EventName(type));
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            // onError recorded why; handled below.
        }
        catch (OperationCanceledException) when (watchdog.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return (resourceVersion, "watchdog");
        }
        catch (HttpRequestException e) when (e.InnerException is EndOfStreamException)
        {
            // KubernetesClient throws this when a watch ends with no line at all (e.g. timeoutSeconds
            // on a quiet resource); the API server ended the watch normally.
        }
        catch (JsonException e)
        {
            // The first line of a watch is parsed eagerly and throws rather than reaching onError.
            corrupt ??= e.Message;
        }

        if (expired)
            return (null, "expired");
        if (corrupt is not null)
        {
            logger.LogWarning("{Resource}: watch stream of {Target} is corrupt ({Error}); re-listing", target.Resource, target, corrupt);
            return (null, "corrupt");
        }
        if (streamError is not null)
            throw new IOException($"watch stream error: {streamError}");
        return (resourceVersion, "closed");
    }

    /// <summary>A list or a watch event got through: the resource is up again (watches resume without a list).</summary>
    private void MarkRecovered()
    {
        reporter.Up(target, true);
        if (_failing)
            logger.LogInformation("{Resource}: {Target} recovered", target.Resource, target);
        _failing = false;
    }

    private async Task SendAsync(FetchedChange change, CancellationToken ct)
    {
        // Bounded downstream: waiting here is the back-pressure that keeps memory flat.
        if (!await output.SendAsync(change, ct))
            throw new OperationCanceledException("pipeline no longer accepts changes", ct);
    }

    private static string EventName(WatchEventType type) => type switch
    {
        WatchEventType.Added => "ADDED",
        WatchEventType.Modified => "MODIFIED",
        WatchEventType.Deleted => "DELETED",
        WatchEventType.Bookmark => "BOOKMARK",
        _ => "ERROR",
    };

    private string FixFor(int code) => code == 403
        ? $"grant the service account get/list/watch on it: add to the ClusterRole rules '- apiGroups: [\"{target.Group}\"] resources: [\"{target.Plural}\"] verbs: [get, list, watch]'"
        : $"the API server does not serve {target.ApiVersion} {target.Plural}: install its CRD, or correct apiVersion/resource in exporter.yaml";

    private static string Describe(Exception e) => e switch
    {
        HttpOperationException h => $"HTTP {(int)h.Response.StatusCode}",
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    private static string? NullIfEmpty(string s) => string.IsNullOrEmpty(s) ? null : s;
}
