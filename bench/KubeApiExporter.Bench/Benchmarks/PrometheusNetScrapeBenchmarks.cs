using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using KubeApiExporter.Bench.Fixtures;
using Prometheus;

namespace KubeApiExporter.Bench.Benchmarks;

/// <summary>
/// For comparison with <see cref="StoreScrapeBenchmarks"/>: prometheus-net 8.2.1 holding 1 M series
/// (20 gauges × 50,000 label sets), scraped with CollectAndExportAsTextAsync after a first (caching) scrape.
/// </summary>
[Config(typeof(ShortJobConfig))]
public class PrometheusNetScrapeBenchmarks
{
    private CollectorRegistry _registry = null!;

    [GlobalSetup]
    public void Setup()
    {
        _registry = PrometheusNetSeries.Build(50_000);
        var plain = new CountingStream();
        _registry.CollectAndExportAsTextAsync(plain, CancellationToken.None).GetAwaiter().GetResult();
        Console.WriteLine($"// prometheus-net: {PrometheusNetSeries.Gauges * 50_000:N0} series, text {plain.Written / 1e6:0.0} MB");
    }

    [Benchmark(Baseline = true, Description = "prometheus-net 1M series -> Stream.Null")]
    public Task Plain() => _registry.CollectAndExportAsTextAsync(Stream.Null, CancellationToken.None);

    [Benchmark(Description = "prometheus-net 1M series -> GZip(Fastest) -> Stream.Null")]
    public async Task Gzip()
    {
        await using var gzip = new GZipStream(Stream.Null, CompressionLevel.Fastest, leaveOpen: true);
        await _registry.CollectAndExportAsTextAsync(gzip, CancellationToken.None);
    }
}
