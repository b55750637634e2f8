using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace KubeApiExporter.Bench.E2e;

/// <summary>The real exporter in its own process (`dotnet kube-api-exporter.dll ...`), reached over loopback HTTP.</summary>
public sealed class ExporterUnderTest : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly HttpClient _http = new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None })
    {
        Timeout = TimeSpan.FromMinutes(2),
    };

    private ExporterUnderTest(Process process, int port)
    {
        _process = process;
        Port = port;
        _http.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Started = Stopwatch.StartNew();
    }

    public int Port { get; }
    public Stopwatch Started { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public IEnumerable<string> LastLog => _log.ToArray().TakeLast(20);

    public static ExporterUnderTest Start(string dll, string config, string kubeconfig, IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = FreePort();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { dll, "--config", config, "--kubeconfig", kubeconfig, "--port", port.ToString() })
            psi.ArgumentList.Add(a);
        psi.Environment.Remove("KUBECONFIG");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            psi.Environment[name] = value;
        return new ExporterUnderTest(Process.Start(psi)!, port);
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        _log.Enqueue(line);
        while (_log.Count > 200)
            _log.TryDequeue(out _);
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

    /// <summary>One full /metrics scrape: every byte read, lines handed to <paramref name="onLine"/> (null: just drain).</summary>
    public async Task<ScrapeResult> ScrapeAsync(LineHandler? onLine = null, bool gzip = false, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "metrics");
        if (gzip)
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        var start = Stopwatch.GetTimestamp();
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var bytes = await LineScanner.ScanAsync(body, gzip ? null : onLine, ct);
        return new ScrapeResult(start, Stopwatch.GetTimestamp(), bytes);
    }

    /// <summary>VmRSS and VmHWM of the exporter process, in bytes.</summary>
    public (long Rss, long Peak) Memory()
    {
        long rss = 0, hwm = 0;
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
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
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
            await kill.WaitForExitAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _process.WaitForExitAsync(cts.Token);
        return (_process.ExitCode, clock.Elapsed.TotalSeconds);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await TerminateAsync();
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
        _http.Dispose();
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

public readonly record struct ScrapeResult(long StartTimestamp, long EndTimestamp, long Bytes)
{
    public double Seconds => Stopwatch.GetElapsedTime(StartTimestamp, EndTimestamp).TotalSeconds;
}
