using Microsoft.AspNetCore.Http;

namespace KubeApiExporter.Host.ScrapeAuth;

/// <summary>
/// Runs the <see cref="ScrapeGuard"/> before routing reaches an endpoint: a refused request is answered
/// here and never reaches the series store. Only /healthz and /readyz stay open (the kubelet's probes
/// carry no token); every other path is guarded, /metrics and the status page / included. The open
/// paths are matched the way routing matches (any case, trailing slash), and nothing else is open, so
/// a spelling such as /METRICS or /metrics/ that routing sends to /metrics cannot slip past.
/// </summary>
public static class ScrapeGuardMiddleware
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next, ScrapeGuard guard)
    {
        if (IsProbe(context.Request.Path))
        {
            await next(context);
            return;
        }
        var decision = await guard.CheckAsync(context.Request.Headers.Authorization, context.RequestAborted);
        if (decision.Allowed)
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = decision.StatusCode;
        if (decision.StatusCode == StatusCodes.Status401Unauthorized)
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"kube-api-exporter\"";
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(decision.Message + "\n", context.RequestAborted);
    }

    private static bool IsProbe(PathString path)
    {
        var p = (path.Value ?? "").TrimEnd('/');
        return p.Equals("/healthz", StringComparison.OrdinalIgnoreCase) || p.Equals("/readyz", StringComparison.OrdinalIgnoreCase);
    }
}
