using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace KubeApiExporter.Bench.E2e;

/// <summary>
/// A reference for readiness: how long the test API server alone takes to serve a full paged list
/// (500 per page, as the exporter asks) to a client that only parses the JSON.
/// </summary>
public static class ListReference
{
    public static async Task<(double Seconds, long Bytes, int Pages)> ListAllAsync(Uri server, string path, string token)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var clock = Stopwatch.StartNew();
        long bytes = 0;
        var pages = 0;
        string? next = null;
        do
        {
            var url = $"{path}?limit=500" + (next is null ? "" : $"&continue={Uri.EscapeDataString(next)}");
            var body = await http.GetByteArrayAsync(url);
            bytes += body.Length;
            pages++;
            using var doc = JsonDocument.Parse(body);
            next = doc.RootElement.GetProperty("metadata").TryGetProperty("continue", out var c) && c.GetString() is { Length: > 0 } s ? s : null;
        } while (next is not null);
        return (clock.Elapsed.TotalSeconds, bytes, pages);
    }
}
