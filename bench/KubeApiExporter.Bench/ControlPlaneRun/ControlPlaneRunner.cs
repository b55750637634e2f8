using System.Diagnostics;
using k8s;
using k8s.Models;
using KubeApiExporter.Bench.E2e;
using KubeApiExporter.Bench.Fixtures;
using KubeApiExporter.Tests;
using KubeApiExporter.Tests.Integration.Harness;

namespace KubeApiExporter.Bench.ControlPlaneRun;

/// <summary>One run of one exporter variant against the filled control plane (see <see cref="ControlPlaneE2eCommand"/>).</summary>
public sealed class ControlPlaneRunner(
    ControlPlaneOptions o, ControlPlane controlPlane, ControlPlaneVariant variant, string emptyConfig,
    (string Namespace, string Name)[] pods, int firstMarker, string runLabel)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly RunResult _result = new();

    private string Dll => variant.Dll ?? RepoPaths.ExporterDll;

    public async Task<RunResult> RunAsync()
    {
        _result.Add("load average at start", ControlPlaneE2eCommand.Load().Split(' ')[0]);
        await MeasureEmptyStartAsync();
        await using var exporter = ExporterUnderTest.Start(Dll, o.Config, controlPlane.ExporterKubeconfig, Environment());
        try
        {
            _perf = StartPerf(exporter.Pid);
            await MeasureAsync(exporter);
        }
        catch (Exception e)
        {
            StopPerf();
            Console.Error.WriteLine($"run {variant.Label} failed: {e}\nexporter log tail:\n{string.Join('\n', exporter.LastLog)}");
            _result.Add("**aborted**", e.Message.ReplaceLineEndings(" "));
        }
        return _result;
    }

    private async Task MeasureEmptyStartAsync()
    {
        await using var exporter = ExporterUnderTest.Start(Dll, emptyConfig, controlPlane.ExporterKubeconfig, variant.Environment);
        await WaitReadyAsync(exporter);
        var ready = exporter.Started.Elapsed.TotalSeconds;
        await Task.Delay(2000);
        var (rss, _) = exporter.Memory();
        if ((o.SmapsDirectory ?? o.PerfDirectory) is { } smapsDirectory)
        {
            // What the empty start's RSS is made of, mapping by mapping (with --smaps or --perf only).
            Directory.CreateDirectory(smapsDirectory);
            File.Copy($"/proc/{exporter.Pid}/smaps", Path.Combine(smapsDirectory, FileLabel + ".empty.smaps"), overwrite: true);
        }
        _result.Add("one empty resource: start → ready", $"{ready:0.00} s");
        _result.Add("one empty resource: RSS 2 s after ready (anon + file)", $"{Mib(rss)} MiB ({RssParts(exporter.Pid)})");
        _result.Add("one empty resource: CPU seconds 2 s after ready", $"{ProcessCpu.Seconds(exporter.Pid):0.00}");
    }

    private async Task MeasureAsync(ExporterUnderTest exporter)
    {
        await WaitReadyAsync(exporter);
        var ready = exporter.Started.Elapsed.TotalSeconds;
        var cpuReady = ProcessCpu.Seconds(exporter.Pid);

        // Readiness says the lists completed, not that the sink applied them: poll until every object is counted.
        var expected = o.Pods + o.Deployments;
        if (!variant.PollMetrics)
            await WaitStoreHoldsAsync(exporter, expected);
        else
            await WaitScrapeShowsAsync(exporter, expected, TimeSpan.FromMilliseconds(100));
        var visible = exporter.Started.Elapsed.TotalSeconds;
        var cpuSynced = ProcessCpu.Seconds(exporter.Pid);
        StopPerf();
        // The store's count and a scrape's are the same number, and it only grows during the first sync: the
        // next full scrape (outside the CPU above) must show every object, or the page was misread.
        if (!variant.PollMetrics)
        {
            var check = new ScrapeSummary();
            await exporter.ScrapeAsync(check.Handle);
            if (check.ObjectsTotal < expected)
                throw new InvalidOperationException($"the status page counted {expected} objects but the next scrape shows {check.ObjectsTotal}");
        }
        var (rssSynced, _) = exporter.Memory();
        _result.Add("start → /readyz 200", $"{ready:0.00} s (CPU {cpuReady:0.00} s)");
        _result.Add("start → every object in /metrics", $"{visible:0.00} s");
        _result.Add("CPU seconds start → every object visible", $"{cpuSynced:0.00}");
        _result.Add("RSS when every object is visible", $"{Mib(rssSynced)} MiB");
        await Task.Delay(3000);
        var (rssAfter, peakSync) = exporter.Memory();
        _result.Add("RSS 3 s later / VmHWM so far", $"{Mib(rssAfter)} / {Mib(peakSync)} MiB");

        var series = new ScrapeSummary();
        await exporter.ScrapeAsync(series.Handle);
        var (plain, zipped) = await exporter.ScrapeBothFormatsAsync(o.Scrapes);
        _result.Add($"scrape text, median of {o.Scrapes}", $"{E2eCommand.Median(plain.Select(s => s.Seconds)):0.000} s, {plain[0].Bytes / 1e6:0.0} MB, {series.SeriesTotal / 1000:0}k series");
        _result.Add($"scrape gzip, median of {o.Scrapes}", $"{E2eCommand.Median(zipped.Select(s => s.Seconds)):0.000} s, {zipped[0].Bytes / 1e6:0.0} MB");

        await MeasureUpdatesAsync(exporter);

        var (rssEnd, peak) = exporter.Memory();
        _result.Add("RSS at the end / peak (VmHWM)", $"{Mib(rssEnd)} / {Mib(peak)} MiB");
        _result.Add("CPU seconds over the whole run", $"{ProcessCpu.Seconds(exporter.Pid):0.00}");
        var (code, seconds) = await exporter.TerminateAsync();
        _result.Add("SIGTERM → exit", $"code {code}, {seconds:0.00} s");
    }

    /// <summary>Polls the status page every 20 ms until the store holds <paramref name="expected"/> objects.</summary>
    private async Task WaitStoreHoldsAsync(ExporterUnderTest exporter, long expected)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{exporter.Port}/"), Timeout = TimeSpan.FromSeconds(30) };
        while (true)
        {
            var held = StatusPageObjects.Sum(await http.GetStringAsync(""));
            if (held >= expected)
                return;
            if (exporter.Started.Elapsed > Patience)
                throw new TimeoutException($"only {held} of {expected} objects held after {Patience.TotalSeconds} s");
            await Task.Delay(20);
        }
    }

    /// <summary>Full /metrics scrapes until kube_api_exporter_objects adds up to <paramref name="expected"/>.</summary>
    private static async Task WaitScrapeShowsAsync(ExporterUnderTest exporter, long expected, TimeSpan interval)
    {
        while (true)
        {
            var summary = new ScrapeSummary();
            await exporter.ScrapeAsync(summary.Handle);
            if (summary.ObjectsTotal >= expected)
                return;
            if (exporter.Started.Elapsed > Patience)
                throw new TimeoutException($"only {summary.ObjectsTotal} of {expected} objects after {Patience.TotalSeconds} s");
            await Task.Delay(interval);
        }
    }

    /// <summary>Status patches of distinct pods at a fixed rate; each is seen by the first scrape that shows its marker.</summary>
    private async Task MeasureUpdatesAsync(ExporterUnderTest exporter)
    {
        var sentAt = new long[o.Updates];
        var seenAt = new double[o.Updates];
        Array.Fill(seenAt, double.NaN);
        var patching = Task.Run(async () =>
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < o.Updates; i++)
            {
                var due = start + (long)(i * (double)Stopwatch.Frequency / o.UpdatesPerSecond);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait);
                var (ns, name) = pods[(firstMarker + i) % pods.Length];
                var marker = (long)ScrapeSummary.MarkerBase + firstMarker + i;
                var patch = $$$$"""
                    {"status":{"containerStatuses":[{"name":"app","ready":false,"restartCount":{{{{marker}}}},"image":"registry.example.com/app","imageID":"","state":{"waiting":{"reason":"ContainerCreating"}}}]}}
                    """;
                Volatile.Write(ref sentAt[i], Stopwatch.GetTimestamp());
                await controlPlane.Admin.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), name, ns);
            }
            return Stopwatch.GetElapsedTime(start).TotalSeconds;
        });

        var scrapes = new List<double>();
        var drainUntil = DateTime.MaxValue;
        while (DateTime.UtcNow < drainUntil && seenAt.Any(double.IsNaN))
        {
            if (patching.IsCompleted && drainUntil == DateTime.MaxValue)
                drainUntil = DateTime.UtcNow.AddSeconds(10);
            var s = new ScrapeSummary();
            var r = await exporter.ScrapeAsync(s.Handle);
            scrapes.Add(r.Seconds);
            foreach (var m in s.Markers)
            {
                var i = (int)(m - firstMarker);
                if (i < 0 || i >= o.Updates || !double.IsNaN(seenAt[i]) || Volatile.Read(ref sentAt[i]) == 0)
                    continue;
                seenAt[i] = Stopwatch.GetElapsedTime(sentAt[i], r.EndTimestamp).TotalSeconds;
            }
            await Task.Delay(100);
        }
        var seconds = await patching;
        var seen = seenAt.Where(v => !double.IsNaN(v)).Order().ToArray();
        _result.Add("status patches applied", $"{o.Updates} in {seconds:0.0} s");
        _result.Add("patch sent → seen in /metrics p50 / p99 / max (scrape end, 100 ms between scrapes)",
            seen.Length == 0 ? "none seen" : $"{seen.Length}/{o.Updates}: {E2eCommand.Pct(seen, 0.5):0.00} / {E2eCommand.Pct(seen, 0.99):0.00} / {seen[^1]:0.00} s");
        _result.Add("scrape while patching, median", $"{E2eCommand.Median(scrapes):0.000} s ({scrapes.Count} scrapes)");
    }

    private Process? _perf;

    private string FileLabel => runLabel.Replace(' ', '_').Replace("#", "");

    /// <summary>
    /// The variant's environment; with --perf also a perf map, so perf can name JIT-compiled methods, and W^X off:
    /// with it, JIT code lives in a shared-memory mapping that perf reads as a file and never looks up in the map.
    /// (ReadyToRun code stays unnamed: add DOTNET_ReadyToRun=0 to the variant to see it as JIT code.)
    /// </summary>
    private IReadOnlyDictionary<string, string> Environment()
    {
        if (o.PerfDirectory is null)
            return variant.Environment;
        var env = new Dictionary<string, string>(variant.Environment) { ["DOTNET_PerfMapEnabled"] = "1", ["DOTNET_EnableWriteXorExecute"] = "0" };
        return env;
    }

    private Process? StartPerf(int pid)
    {
        if (o.PerfDirectory is null)
            return null;
        Directory.CreateDirectory(o.PerfDirectory);
        var file = Path.Combine(o.PerfDirectory, FileLabel + ".perf.data");
        File.WriteAllText(Path.Combine(o.PerfDirectory, FileLabel + ".pid"), pid.ToString());
        var perf = Process.Start(new ProcessStartInfo("perf", ["record", "-F", "999", "-g", "-a", "-o", file])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        perf.BeginErrorReadLine();
        perf.BeginOutputReadLine();
        return perf;
    }

    /// <summary>
    /// SIGINT makes perf write its file and exit. The whole machine is sampled (read it with `perf report --pid`):
    /// attached with -p, perf misses the threads the runtime creates while it attaches, and their children.
    /// </summary>
    private void StopPerf()
    {
        if (_perf is not { } perf)
            return;
        _perf = null;
        Process.Start("kill", ["-INT", perf.Id.ToString()])!.WaitForExit();
        if (!perf.WaitForExit(30_000))
            perf.Kill();
        perf.Dispose();
    }

    private static async Task WaitReadyAsync(ExporterUnderTest exporter)
    {
        while (!await exporter.IsReadyAsync())
        {
            if (exporter.HasExited)
                throw new InvalidOperationException("exporter exited before ready:\n" + string.Join('\n', exporter.LastLog));
            if (exporter.Started.Elapsed > Patience)
                throw new TimeoutException($"/readyz not 200 within {Patience.TotalSeconds} s");
            await Task.Delay(20);
        }
    }

    /// <summary>RssAnon + RssFile: heap and stacks vs mapped code (assemblies, the runtime), which no GC setting shrinks.</summary>
    private static string RssParts(int pid)
    {
        var parts = File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("RssAnon:") || l.StartsWith("RssFile:"))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024).ToArray();
        return string.Join(" + ", parts.Select(Mib));
    }

    private static string Mib(long bytes) => $"{bytes / 1048576.0:N0}";
}
