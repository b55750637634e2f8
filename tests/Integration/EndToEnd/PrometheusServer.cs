using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using KubeApiExporter.Tests.Integration.Harness;

namespace KubeApiExporter.Tests.Integration.EndToEnd;

/// <summary>
/// A real Prometheus server (Debian's binary) on 127.0.0.1 with its own temp directory for
/// config, rules and TSDB; scrapes one target and evaluates one rule file every second.
/// Talked to through its HTTP API. Disposal kills it and deletes the directory.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Process _process;
    private readonly string _dir;
    private readonly ConcurrentQueue<string> _log = new();

    private PrometheusServer(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _log.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _log.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public const string Job = "kube-api-exporter";
    public Uri BaseUri { get; }

    /// <summary>The last lines Prometheus logged, for failure messages.</summary>
    public string LogTail(int lines = 30) => "Prometheus log:\n" + string.Join('\n', _log.ToArray().TakeLast(lines));

    /// <summary>Starts Prometheus scraping <paramref name="target"/> (host:port) as job kube-api-exporter and waits for /-/ready.</summary>
    public static async Task<PrometheusServer> StartAsync(string binary, string target, string ruleFileText, TimeSpan timeout)
    {
        var dir = Directory.CreateTempSubdirectory("kae-prometheus-").FullName;
        var rules = Path.Combine(dir, "alerts.yaml");
        var config = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(rules, ruleFileText);
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            rule_files:
              - '{rules}'
            scrape_configs:
              - job_name: {Job}
                static_configs:
                  - targets: ['{target}']
            """);

        var port = FreePort.Next();
        var psi = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
                 {
                     "--config.file=" + config,
                     "--storage.tsdb.path=" + Path.Combine(dir, "data"),
                     $"--web.listen-address=127.0.0.1:{port}",
                 })
            psi.ArgumentList.Add(a);
        var server = new PrometheusServer(Process.Start(psi)!, dir, port);
        try
        {
            await Eventually.PollAsync(
                async () =>
                {
                    if (server._process.HasExited)
                        throw new InvalidOperationException($"prometheus exited with {server._process.ExitCode}\n{server.LogTail()}");
                    using var r = await Http.GetAsync(new Uri(server.BaseUri, "-/ready"));
                    return r.StatusCode;
                },
                code => code == HttpStatusCode.OK, timeout, "Prometheus /-/ready answers 200", context: () => server.LogTail());
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>GET /api/v1/{pathAndQuery}; returns "data" of a "success" answer.</summary>
    public async Task<JsonNode> ApiAsync(string pathAndQuery)
    {
        using var r = await Http.GetAsync(new Uri(BaseUri, "api/v1/" + pathAndQuery));
        var body = await r.Content.ReadAsStringAsync();
        var json = JsonNode.Parse(body)!;
        if (!r.IsSuccessStatusCode || (string?)json["status"] != "success")
            throw new InvalidOperationException($"/api/v1/{pathAndQuery}: {(int)r.StatusCode} {body}");
        return json["data"]!;
    }

    /// <summary>Instant query; the result vector (each item {metric, value: [time, "value"]}).</summary>
    public async Task<JsonArray> QueryAsync(string promql)
    {
        var data = await ApiAsync("query?query=" + Uri.EscapeDataString(promql));
        return data["result"]!.AsArray();
    }

    /// <summary>Active (pending or firing) alerts: each {labels, annotations, state, activeAt, value}.</summary>
    public async Task<JsonArray> AlertsAsync() => (await ApiAsync("alerts"))["alerts"]!.AsArray();

    /// <summary>Active scrape targets: each {labels, scrapeUrl, health, lastError, ...}.</summary>
    public async Task<JsonArray> ActiveTargetsAsync() => (await ApiAsync("targets?state=active"))["activeTargets"]!.AsArray();

    /// <summary>Loaded alerting rules: each {name, query, duration (seconds), state, ...}.</summary>
    public async Task<JsonArray> AlertingRulesAsync()
    {
        var groups = (await ApiAsync("rules?type=alert"))["groups"]!.AsArray();
        return new JsonArray(groups.SelectMany(g => g!["rules"]!.AsArray()).Select(r => r!.DeepClone()).ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(cts.Token);
            }
        }
        finally
        {
            _process.Dispose();
            try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
