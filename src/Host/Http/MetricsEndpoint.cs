using System.IO.Compression;
using KubeApiExporter.Registry;
using Microsoft.AspNetCore.Http;
using Prometheus;
using SelfMetricsFormat = Prometheus.ExpositionFormat;
using SeriesFormat = KubeApiExporter.Registry.ExpositionFormat;

namespace KubeApiExporter.Host.Http;

/// <summary>
/// /metrics: the pre-rendered object series, then prometheus-net's self-metrics, in one response.
/// Negotiates OpenMetrics from Accept (prometheus-net then writes the closing # EOF) and gzip from
/// Accept-Encoding. The object series are prepared (and compressed) in parallel parts by
/// <see cref="ScrapeWriter"/>. A scrape never touches the API server.
/// </summary>
public static class MetricsEndpoint
{
    public static async Task WriteAsync(HttpContext context, SeriesRegistry store, ExporterMetrics metrics)
    {
        var request = context.Request;
        var accept = request.Query.TryGetValue("accept", out var q) ? q.ToString() : request.Headers.Accept.ToString();
        var openMetrics = accept.Contains("application/openmetrics-text", StringComparison.OrdinalIgnoreCase);
        var response = context.Response;
        response.ContentType = openMetrics
            ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
            : "text/plain; version=0.0.4; charset=utf-8";

        var ct = context.RequestAborted;
        var gzip = request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase);
        if (gzip)
            response.Headers.ContentEncoding = "gzip";
        var format = openMetrics ? SeriesFormat.OpenMetrics : SeriesFormat.PrometheusText;
        using (var scrape = store.BeginScrape(format, RegistryScrape.DefaultPartBytes))
            await ScrapeWriter.WriteAsync(scrape, response.Body, gzip, ct);

        // The self-metrics follow (prometheus-net writes OpenMetrics' closing # EOF); gzip: as one more member.
        var selfFormat = openMetrics ? SelfMetricsFormat.OpenMetricsText : SelfMetricsFormat.PrometheusText;
        if (!gzip)
        {
            await metrics.Registry.CollectAndExportAsTextAsync(response.Body, selfFormat, ct);
            return;
        }
        await using var compressor = new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
        await metrics.Registry.CollectAndExportAsTextAsync(compressor, selfFormat, ct);
    }
}
