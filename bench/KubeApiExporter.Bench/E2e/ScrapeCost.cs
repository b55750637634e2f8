using System.Diagnostics;
using KubeApiExporter.Bench.ControlPlaneRun;

namespace KubeApiExporter.Bench.E2e;

/// <summary>
/// e2e step 2, the scrape cost of one or more exporter builds holding the same objects (no updates run
/// meanwhile). Timed: scrapes whose body the bench only reads and counts, as a scraper's network read
/// (parsing ~1 GB of text on the same 2 cores would be the client's cost, not the exporter's), round by
/// round across the builds so load changes hit them alike; and curl into /dev/null as an outside
/// reference. Untimed for the targets: one pass that parses every line, plain and gzip decompressed,
/// and checks both show the same object lines (count and digest) as the scrape before.
/// </summary>
public static class ScrapeCost
{
    public sealed record Build(string Label, ExporterUnderTest Exporter);

    public static async Task MeasureAsync(E2eOptions o, IReadOnlyList<Build> builds, ScrapeSummary expected, ResultTable table)
    {
        var several = builds.Count > 1;
        string Row(Build b, string measure) => several ? $"[{b.Label}] {measure}" : measure;
        var full = o.Pods >= 100_000;

        var perf = o.PerfScrapeFile is null ? null : StartPerf(o.PerfScrapeFile, builds[0].Exporter.Pid);
        var plain = builds.Select(_ => new List<double>()).ToArray();
        var zipped = builds.Select(_ => new List<double>()).ToArray();
        var wire = new long[builds.Count, 2];
        // Exporter CPU seconds per format: less swayed by other work on the machine than wall time.
        var cpu = new double[builds.Count, 2];
        try
        {
            for (var round = 0; round < o.Scrapes; round++)
            {
                for (var i = 0; i < builds.Count; i++)
                {
                    var before = ProcessCpu.Seconds(builds[i].Exporter.Pid);
                    var r = await builds[i].Exporter.ScrapeAsync();
                    cpu[i, 0] += ProcessCpu.Seconds(builds[i].Exporter.Pid) - before;
                    plain[i].Add(r.Seconds);
                    wire[i, 0] = r.Bytes;
                }
                for (var i = 0; i < builds.Count; i++)
                {
                    var before = ProcessCpu.Seconds(builds[i].Exporter.Pid);
                    var r = await builds[i].Exporter.ScrapeAsync(gzip: true);
                    cpu[i, 1] += ProcessCpu.Seconds(builds[i].Exporter.Pid) - before;
                    zipped[i].Add(r.Seconds);
                    wire[i, 1] = r.Bytes;
                }
            }
        }
        finally
        {
            StopPerf(perf);
        }
        for (var i = 0; i < builds.Count; i++)
        {
            var p = E2eCommand.Median(plain[i]);
            var z = E2eCommand.Median(zipped[i]);
            table.Add(Row(builds[i], $"scrape, text (median of {o.Scrapes}, body read and counted)"), $"{p:0.000} s, {wire[i, 0] / 1e6:0.0} MB ({plain[i].Min():0.000}–{plain[i].Max():0.000} s)",
                "≤ 0.6 s at 100k pods", full ? p <= 0.6 : null);
            table.Add(Row(builds[i], $"scrape, gzip (median of {o.Scrapes}, body read and counted)"), $"{z:0.000} s, {wire[i, 1] / 1e6:0.0} MB on the wire ({zipped[i].Min():0.000}–{zipped[i].Max():0.000} s)",
                "≤ 0.8 s at 100k pods", full ? z <= 0.8 : null);
            table.Add(Row(builds[i], "exporter CPU per scrape, text / gzip (mean, /proc/PID/stat)"), $"{cpu[i, 0] / o.Scrapes:0.000} s / {cpu[i, 1] / o.Scrapes:0.000} s");
        }

        // curl, same rounds: a client outside .NET.
        var curlPlain = builds.Select(_ => new List<double>()).ToArray();
        var curlZipped = builds.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < o.Scrapes; round++)
        {
            for (var i = 0; i < builds.Count; i++)
            {
                if (await builds[i].Exporter.CurlAsync(gzip: false) is not { } r)
                    break;
                curlPlain[i].Add(r.Seconds);
            }
            for (var i = 0; i < builds.Count; i++)
            {
                if (await builds[i].Exporter.CurlAsync(gzip: true) is not { } r)
                    break;
                curlZipped[i].Add(r.Seconds);
            }
        }
        for (var i = 0; i < builds.Count; i++)
        {
            if (curlPlain[i].Count == 0)
                continue;
            table.Add(Row(builds[i], $"scrape by curl -o /dev/null, text / gzip (median time_total of {o.Scrapes})"),
                $"{E2eCommand.Median(curlPlain[i]):0.000} s / {E2eCommand.Median(curlZipped[i]):0.000} s");
        }

        // Untimed for the targets: every line parsed, both formats.
        foreach (var b in builds)
        {
            var text = new ScrapeSummary();
            var t = await b.Exporter.ScrapeAsync(text.Handle);
            var gz = new ScrapeSummary();
            var g = await b.Exporter.ScrapeAsync(gz.Handle, gzip: true);
            var same = Same(text, expected) && Same(gz, expected);
            table.Add(Row(b, "validation pass (not timed for the targets): text / gzip read, decompressed, every line parsed"),
                $"{t.Seconds:0.000} s / {g.Seconds:0.000} s; object lines {text.ObjectSamples:N0} / {gz.ObjectSamples:N0}, digest {(same ? "equal to the scrape before" : "**differs**")}",
                "same lines in both", same);
        }
    }

    private static bool Same(ScrapeSummary a, ScrapeSummary b) =>
        a.ObjectSamples == b.ObjectSamples && a.DigestSum == b.DigestSum && a.DigestXor == b.DigestXor;

    /// <summary>
    /// perf record of the first build during the timed scrapes (run the exporter with --env DOTNET_PerfMapEnabled=1
    /// so JIT code has names). Attached to the process: its threads exist by now, the scrape starts none.
    /// </summary>
    private static Process StartPerf(string file, int pid)
    {
        var perf = Process.Start(new ProcessStartInfo("perf", ["record", "-F", "999", "-g", "-p", pid.ToString(), "-o", file])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        perf.BeginErrorReadLine();
        perf.BeginOutputReadLine();
        Thread.Sleep(1000); // let perf attach before the first scrape
        return perf;
    }

    private static void StopPerf(Process? perf)
    {
        if (perf is null)
            return;
        Process.Start("kill", ["-INT", perf.Id.ToString()])!.WaitForExit();
        if (!perf.WaitForExit(60_000))
            perf.Kill();
        perf.Dispose();
    }
}
