using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using KubeApiExporter.Bench.Fixtures;
using KubeApiExporter.Host.Http;
using KubeApiExporter.Registry;

namespace KubeApiExporter.Bench.Benchmarks;

/// <summary>
/// A scrape of the pre-rendered store holding 1 M or 5 M series of realistic pods: sequentially
/// (SeriesRegistry.WriteAsync) into Stream.Null and through one GZip (Fastest) stream, and as /metrics
/// writes it (ScrapeWriter: parts prepared on every core, gzip as one member a part). Sizes are printed at setup.
/// </summary>
[Config(typeof(ShortJobConfig))]
public class StoreScrapeBenchmarks
{
    private SeriesRegistry _store = null!;

    [Params(1_000_000, 5_000_000)]
    public int Series { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = new SeriesRegistry();
        var held = 0;
        var i = 0;
        while (held < Series)
        {
            var batch = PodCorpus.Render(1000, start: i);
            foreach (var rendered in batch)
            {
                if (held >= Series)
                    break;
                _store.Upsert("pod", PodCorpus.KeyOf(i++), "", 1, rendered);
                held += rendered.SeriesCount;
            }
        }
        var plain = new CountingStream();
        _store.WriteAsync(plain, CancellationToken.None).GetAwaiter().GetResult();
        var zipped = new CountingStream();
        using (var gzip = new GZipStream(zipped, CompressionLevel.Fastest, leaveOpen: true))
            _store.WriteAsync(gzip, CancellationToken.None).GetAwaiter().GetResult();
        Console.WriteLine($"// {held:N0} series from {i:N0} pods: text {plain.Written / 1e6:0.0} MB ({(double)plain.Written / held:0.0} B/series), gzip {zipped.Written / 1e6:0.0} MB");
    }

    [Benchmark(Baseline = true, Description = "SeriesRegistry.WriteAsync -> Stream.Null")]
    public Task Plain() => _store.WriteAsync(Stream.Null, CancellationToken.None);

    [Benchmark(Description = "SeriesRegistry.WriteAsync -> GZip(Fastest) -> Stream.Null")]
    public async Task Gzip()
    {
        await using var gzip = new GZipStream(Stream.Null, CompressionLevel.Fastest, leaveOpen: true);
        await _store.WriteAsync(gzip, CancellationToken.None);
    }

    [Benchmark(Description = "ScrapeWriter (parallel parts) -> Stream.Null")]
    public async Task ParallelPlain()
    {
        using var scrape = _store.BeginScrape(ExpositionFormat.PrometheusText, RegistryScrape.DefaultPartBytes);
        await ScrapeWriter.WriteAsync(scrape, Stream.Null, gzip: false, CancellationToken.None);
    }

    [Benchmark(Description = "ScrapeWriter (parallel gzip members) -> Stream.Null")]
    public async Task ParallelGzip()
    {
        using var scrape = _store.BeginScrape(ExpositionFormat.PrometheusText, RegistryScrape.DefaultPartBytes);
        await ScrapeWriter.WriteAsync(scrape, Stream.Null, gzip: true, CancellationToken.None);
    }
}
