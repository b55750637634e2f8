using Microsoft.AspNetCore.Http;

namespace KubeApiExporter.Host.Http;

/// <summary>/healthz (serving) and /readyz (every resource listed once, or settled by 403/404).</summary>
public static class HealthEndpoints
{
    public static IResult Healthz() => Results.Text("ok\n");

    public static IResult Readyz(ResourceStatusBoard board, ExporterService service)
    {
        if (!service.Started)
            return Results.Text("not ready: pipeline not started\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        if (board.IsReady(out var pending))
            return Results.Text("ok\n");
        return Results.Text($"not ready: waiting for the first list of {string.Join(", ", pending.Select(t => $"{t.Name} ({t})"))}\n",
            statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
