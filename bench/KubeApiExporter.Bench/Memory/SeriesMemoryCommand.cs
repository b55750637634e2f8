using System.Diagnostics;
using KubeApiExporter.Bench.Fixtures;
using KubeApiExporter.Registry;
using Prometheus;

namespace KubeApiExporter.Bench.Memory;

/// <summary>
/// `memory [--pods N] [--label-sets N]`: managed heap per series held, by GC.GetTotalMemory(true)
/// before and after, for the pre-rendered SeriesRegistry (N realistic pods, default 100,000) and for
/// prometheus-net (20 gauges × label sets, default 50,000 = 1 M series), before and after its first scrape.
/// </summary>
public static class SeriesMemoryCommand
{
    public static int Run(string[] args)
    {
        var pods = 100_000;
        var labelSets = 50_000;
        for (var a = 0; a + 1 < args.Length; a += 2)
        {
            switch (args[a])
            {
                case "--pods": pods = int.Parse(args[a + 1]); break;
                case "--label-sets": labelSets = int.Parse(args[a + 1]); break;
                default: Console.Error.WriteLine($"unknown argument {args[a]}"); return 2;
            }
        }

        _ = PodCorpus.Pod; // compile rules and load config outside the measurement
        PodCorpus.Render(100);

        var before = Heap();
        var clock = Stopwatch.StartNew();
        var store = new SeriesRegistry();
        long series = 0;
        for (var start = 0; start < pods; start += 1000)
        {
            var batch = PodCorpus.Render(Math.Min(1000, pods - start), start: start);
            for (var i = 0; i < batch.Length; i++)
            {
                store.Upsert("pod", PodCorpus.KeyOf(start + i), "", 1, batch[i]);
                series += batch[i].SeriesCount;
            }
        }
        var loadSeconds = clock.Elapsed.TotalSeconds;
        var after = Heap();
        var text = new CountingStream();
        clock.Restart();
        store.WriteAsync(text, CancellationToken.None).GetAwaiter().GetResult();
        var scrapeSeconds = clock.Elapsed.TotalSeconds;
        var afterScrape = Heap();
        Report("SeriesRegistry (pre-rendered)", series, pods, after - before, afterScrape - before, text.Written, loadSeconds, scrapeSeconds);
        GC.KeepAlive(store);
        store = null;
        var baseline = Heap();

        clock.Restart();
        var registry = PrometheusNetSeries.Build(labelSets);
        var promLoad = clock.Elapsed.TotalSeconds;
        var promAfter = Heap();
        var promText = new CountingStream();
        clock.Restart();
        registry.CollectAndExportAsTextAsync(promText, CancellationToken.None).GetAwaiter().GetResult();
        var promScrape = clock.Elapsed.TotalSeconds;
        var promAfterScrape = Heap();
        Report("prometheus-net 8.2.1", (long)labelSets * PrometheusNetSeries.Gauges, null, promAfter - baseline, promAfterScrape - baseline, promText.Written, promLoad, promScrape);
        GC.KeepAlive(registry);
        return 0;
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static void Report(string what, long series, int? pods, long heap, long heapAfterScrape, long textBytes, double loadSeconds, double firstScrapeSeconds)
    {
        Console.WriteLine($"| {what} | {series:N0} series{(pods is { } p ? $" ({p:N0} pods, {(double)series / p:0.0}/pod)" : "")} " +
                          $"| heap {heap / 1048576.0:0} MiB = {(double)heap / series:0} B/series " +
                          $"| after first scrape {heapAfterScrape / 1048576.0:0} MiB = {(double)heapAfterScrape / series:0} B/series " +
                          $"| text {textBytes / 1e6:0.0} MB ({(double)textBytes / series:0.0} B/series) " +
                          $"| load {loadSeconds:0.00} s, first scrape {firstScrapeSeconds:0.00} s |");
    }
}
