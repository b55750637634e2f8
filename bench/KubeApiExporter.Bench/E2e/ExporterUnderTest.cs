using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using KubeApiExporter.Tests;

namespace KubeApiExporter.Bench.E2e;

/// <summary>
/// The real exporter in its own process, started through the tests' <see cref="ExporterProcess"/>, plus
/// what the bench measures on it: full-body streaming scrapes, memory from /proc, time to exit.
/// </summary>
public sealed class ExporterUnderTest : IAsyncDisposable
{
    private readonly ExporterProcess _process;
    private readonly HttpClient _http = new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None })
    {
        Timeout = TimeSpan.FromMinutes(2),
    };

    private ExporterUnderTest(ExporterProcess process)
    {
        _process = process;
        _http.BaseAddress = process.BaseUri;
        Started = Stopwatch.StartNew();
    }

    public int Port => _process.Port;
    public Stopwatch Started { get; }
    public int Pid => _process.Pid;
    public bool HasExited => _process.HasExited;
    public IEnumerable<string> LastLog => _process.LastOutput(20);

    public static ExporterUnderTest Start(string dll, string config, string kubeconfig, IReadOnlyDictionary<string, string>? environment = null) =>
        new(ExporterProcess.Start(dll, config, kubeconfig, environment ?? new Dictionary<string, string>()));

    /// <summary>Polls /readyz every 50 ms until 200; fails if the process exits or <paramref name="deadline"/> (since start) passes.</summary>
    public async Task WaitReadyAsync(TimeSpan deadline)
    {
        while (!await IsReadyAsync())
        {
            if (HasExited)
                throw new InvalidOperationException("exporter exited before ready");
            if (Started.Elapsed > deadline)
                throw new TimeoutException($"/readyz not 200 within {deadline.TotalSeconds} s");
            await Task.Delay(50);
        }
    }

    public async Task<bool> IsReadyAsync()
    {
        try
        {
            using var r = await _http.GetAsync("readyz");
            return r.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary><paramref name="count"/> full-body scrapes in text format, then as many with gzip (bodies only read and counted).</summary>
    public async Task<(List<ScrapeResult> Plain, List<ScrapeResult> Gzip)> ScrapeBothFormatsAsync(int count)
    {
        var plain = new List<ScrapeResult>();
        for (var i = 0; i < count; i++)
            plain.Add(await ScrapeAsync());
        var zipped = new List<ScrapeResult>();
        for (var i = 0; i < count; i++)
            zipped.Add(await ScrapeAsync(gzip: true));
        return (plain, zipped);
    }

    /// <summary>
    /// One full /metrics scrape: every byte read. With <paramref name="onLine"/> null the body is only counted
    /// (as a scraper's network read: the timed scrapes); else its lines go to the handler, a gzip body decompressed
    /// first. Bytes are the bytes on the wire.
    /// </summary>
    public async Task<ScrapeResult> ScrapeAsync(LineHandler? onLine = null, bool gzip = false, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "metrics");
        if (gzip)
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        var start = Stopwatch.GetTimestamp();
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        if (!gzip || onLine is null)
        {
            var bytes = await LineScanner.ScanAsync(body, onLine, ct);
            return new ScrapeResult(start, Stopwatch.GetTimestamp(), bytes);
        }
        var wire = new ReadCountingStream(body);
        await using (var text = new GZipStream(wire, CompressionMode.Decompress))
            await LineScanner.ScanAsync(text, onLine, ct);
        return new ScrapeResult(start, Stopwatch.GetTimestamp(), wire.BytesRead);
    }

    /// <summary>
    /// One /metrics scrape by curl into /dev/null (an outside reference: another client, C, no .NET in the
    /// read path): curl's time_total and bytes on the wire (curl does not decompress without --compressed),
    /// or null when curl is not installed.
    /// </summary>
    public async Task<ScrapeResult?> CurlAsync(bool gzip)
    {
        var args = new List<string> { "-s", "-f", "-o", "/dev/null", "-w", "%{time_total} %{size_download}" };
        if (gzip)
            args.AddRange(["-H", "Accept-Encoding: gzip"]);
        args.Add(new Uri(_process.BaseUri, "metrics").ToString());
        Process curl;
        try
        {
            curl = Process.Start(new ProcessStartInfo("curl", args) { RedirectStandardOutput = true })!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
        using (curl)
        {
            var output = await curl.StandardOutput.ReadToEndAsync();
            await curl.WaitForExitAsync();
            if (curl.ExitCode != 0)
                throw new InvalidOperationException($"curl exited with {curl.ExitCode}");
            var parts = output.Split(' ');
            var seconds = double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
            return new ScrapeResult(0, (long)(seconds * Stopwatch.Frequency), long.Parse(parts[1]));
        }
    }

    /// <summary>VmRSS and VmHWM of the exporter process, in bytes.</summary>
    public (long Rss, long Peak) Memory()
    {
        long rss = 0, hwm = 0;
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:"))
                rss = KiB(line);
            else if (line.StartsWith("VmHWM:"))
                hwm = KiB(line);
        }
        return (rss, hwm);

        static long KiB(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    /// <summary>SIGTERM; returns (exit code, seconds to exit).</summary>
    public async Task<(int Code, double Seconds)> TerminateAsync()
    {
        var clock = Stopwatch.StartNew();
        var code = await _process.TerminateAsync(TimeSpan.FromSeconds(15));
        return (code, clock.Elapsed.TotalSeconds);
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _http.Dispose();
    }
}

public readonly record struct ScrapeResult(long StartTimestamp, long EndTimestamp, long Bytes)
{
    public double Seconds => Stopwatch.GetElapsedTime(StartTimestamp, EndTimestamp).TotalSeconds;
}
