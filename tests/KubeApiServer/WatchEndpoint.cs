namespace KubeApiExporter.KubeApiServer;

/// <summary>
/// GET of a collection with watch=true: HTTP 200 and a chunked stream of one JSON event per
/// line until timeoutSeconds passes, the client goes away, the test ends all watches
/// (clean end) or the server stops (connection dropped, as when a real apiserver dies).
/// While <see cref="FaultInjector.HangWatches"/> is set, streams fall silent instead; while
/// <see cref="FaultInjector.HangAll"/> is set they pause, and resume when it is released.
/// </summary>
internal sealed class WatchEndpoint(ObjectStore store, FaultInjector faults, TimeSpan bookmarkInterval)
{
    public async Task HandleAsync(HttpContext context, ResourceType resource, ObjectFilter filter, CancellationToken serverStopping)
    {
        var query = context.Request.Query;
        var fromVersion = ParseResourceVersion(query["resourceVersion"]);
        var bookmarks = IsTrue(query["allowWatchBookmarks"]);
        var sendInitialEvents = IsTrue(query["sendInitialEvents"]);
        var timeout = int.TryParse(query["timeoutSeconds"], out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : Timeout.InfiniteTimeSpan;

        var watch = store.Watch(resource, filter, fromVersion, sendInitialEvents);
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, serverStopping);
        using var streaming = CancellationTokenSource.CreateLinkedTokenSource(connection.Token);
        streaming.CancelAfter(timeout);
        try
        {
            if (!faults.HangWatches)
            {
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                await context.Response.StartAsync(streaming.Token); // clients wait for the headers first
                if (bookmarks)
                    _ = SendBookmarksAsync(watch, streaming.Token);
                var body = context.Response.Body;
                while (!faults.HangWatches && await watch.Lines.WaitToReadAsync(streaming.Token))
                {
                    await faults.WhileHungAsync(streaming.Token);
                    while (!faults.HangWatches && watch.Lines.TryRead(out var line))
                        await body.WriteAsync(line, streaming.Token);
                    await body.FlushAsync(streaming.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // timeoutSeconds elapsed, the client left, or the server is stopping
        }
        try
        {
            // HangWatches: a connection that died silently sends nothing more (new ones not even
            // the headers), neither at timeoutSeconds nor at CloseAllWatches, until the client gives up.
            if (faults.HangWatches && !connection.IsCancellationRequested)
            {
                streaming.Cancel(); // no bookmarks either
                await Task.Delay(Timeout.InfiniteTimeSpan, connection.Token);
            }
            // HangAll: a stopped server does not end its watches at timeoutSeconds; it does once resumed.
            await faults.WhileHungAsync(connection.Token);
        }
        catch (OperationCanceledException)
        {
            // the client left, or the server is stopping
        }
        finally
        {
            streaming.Cancel(); // stops the bookmark ticker
            store.StopWatching(watch);
        }
        if (serverStopping.IsCancellationRequested)
            context.Abort();
    }

    private async Task SendBookmarksAsync(WatchSubscription watch, CancellationToken token)
    {
        using var timer = new PeriodicTimer(bookmarkInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(token))
                store.SendBookmark(watch);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static bool IsTrue(string? value) => value is "true" or "1";

    private static long? ParseResourceVersion(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        return long.TryParse(value, out var version) && version >= 0
            ? version
            : throw ApiError.BadRequest($"invalid resource version: {value}");
    }
}
