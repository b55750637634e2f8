using System.Text.Json;

namespace KubeApiExporter.KubeApiServer;

/// <summary>
/// The single entry point for every HTTP request: counts it, applies the injected delay and
/// faults, then routes to discovery, get, list or watch. Errors become Status documents
/// with the HTTP code the real server would use.
/// </summary>
internal sealed class ApiRequestHandler(ObjectStore store, FaultInjector faults, RequestCounters counters,
    TimeSpan bookmarkInterval, Action<string>? log)
{
    private readonly ListEndpoint _list = new(store);
    private readonly WatchEndpoint _watch = new(store, faults, bookmarkInterval);
    private readonly DiscoveryEndpoint _discovery = new(store);

    public async Task HandleAsync(HttpContext context, CancellationToken serverStopping)
    {
        counters.CountRequest();
        var request = context.Request;
        log?.Invoke($"{request.Method} {request.Path}{request.QueryString}");
        try
        {
            if (faults.ResponseDelay > TimeSpan.Zero)
                await Task.Delay(faults.ResponseDelay, context.RequestAborted);
            await faults.WhileHungAsync(context.RequestAborted);
            if (!HttpMethods.IsGet(request.Method))
                throw new ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
            await RouteAsync(context, request.Path.Value ?? "/", serverStopping);
        }
        catch (ApiError e) when (!context.Response.HasStarted)
        {
            await StatusResponse.WriteAsync(context, StatusResponse.Failure(e.Code, e.Reason, e.Message));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // the client went away
        }
    }

    private async Task RouteAsync(HttpContext context, string path, CancellationToken serverStopping)
    {
        var discovery = _discovery.TryAnswer(path, $"{context.Connection.LocalIpAddress}:{context.Connection.LocalPort}");
        if (discovery is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(Json.Serialize(discovery), context.RequestAborted);
            return;
        }

        var target = ApiPath.TryParse(path) ?? throw ApiError.NotFound();
        var resource = store.Find(target.Group, target.Version, target.Plural);
        if (resource is null || (target.Namespace is not null && !resource.Namespaced))
            throw ApiError.NotFound();

        var query = context.Request.Query;
        var isWatch = query["watch"].ToString() is "true" or "1";
        var verb = target.Name is not null ? "get" : isWatch ? "watch" : "list";
        if (verb == "list") counters.CountList(resource.Plural);
        if (verb == "watch") counters.CountWatch(resource.Plural);
        if (faults.TryTake(resource.Plural, out var code))
        {
            await StatusResponse.WriteAsync(context, StatusResponse.ForInjectedFault(code, verb, resource, target.Namespace));
            return;
        }

        if (target.Name is not null)
        {
            await GetAsync(context, resource, target);
            return;
        }
        var filter = new ObjectFilter(target.Namespace, LabelSelector.Parse(query["labelSelector"]), FieldSelector.Parse(query["fieldSelector"]));
        if (isWatch)
            await _watch.HandleAsync(context, resource, filter, serverStopping);
        else
            await _list.HandleAsync(context, resource, filter);
    }

    private async Task GetAsync(HttpContext context, ResourceType resource, ApiPath target)
    {
        var obj = store.Get(resource, target.Namespace, target.Name!);
        if (obj is null)
        {
            var status = StatusResponse.Failure(404, "NotFound", $"{resource.Plural}{(resource.Group.Length > 0 ? "." + resource.Group : "")} \"{target.Name}\" not found");
            status["details"] = new System.Text.Json.Nodes.JsonObject { ["name"] = target.Name, ["group"] = resource.Group, ["kind"] = resource.Plural };
            await StatusResponse.WriteAsync(context, status);
            return;
        }
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(obj.Json, context.RequestAborted);
    }
}
