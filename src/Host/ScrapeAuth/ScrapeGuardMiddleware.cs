using Microsoft.AspNetCore.Http;

namespace KubeApiExporter.Host.ScrapeAuth;

/// <summary>
/// Runs the <see cref="ScrapeGuard"/> in front of /metrics and the status page /, before the endpoint:
/// a refused request is answered here and never reaches the series store. /healthz and /readyz stay
/// open for the kubelet's probes.
/// </summary>
public static class ScrapeGuardMiddleware
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next, ScrapeGuard guard)
    {
        var path = context.Request.Path;
        if (!path.Equals("/metrics", StringComparison.Ordinal) && !path.Equals("/", StringComparison.Ordinal))
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
}
