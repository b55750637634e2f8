using System.Collections.Concurrent;
using System.Net;
using KubeApiExporter.Tests.Shared;
using Process = System.Diagnostics.Process;
using ProcessStartInfo = System.Diagnostics.ProcessStartInfo;

namespace KubeApiExporter.Tests;

/// <summary>
/// The exporter run as a user runs it: its own process (`dotnet kube-api-exporter.dll --config ...
/// --kubeconfig ...`, or a published executable: <see cref="RepoPaths.Exporter"/>), talked to over real HTTP. Output lines are kept for assertions on logs.
/// The integration tests and the end-to-end bench both run it through this.
/// </summary>
public sealed class ExporterProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private ExporterProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }
    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");
    public IReadOnlyCollection<string> Output => _output.ToArray();
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public int Pid => _process.Id;

    /// <summary>The last <paramref name="count"/> output lines, for failure messages.</summary>
    public IEnumerable<string> LastOutput(int count = 30) => Output.TakeLast(count);

    /// <summary>Starts the exporter the tests run (<see cref="RepoPaths.Exporter"/>) on a free port.</summary>
    public static ExporterProcess Start(string configPath, string kubeconfigPath, params string[] extraArgs) =>
        Start(RepoPaths.Exporter, configPath, kubeconfigPath, new Dictionary<string, string>(), extraArgs);

    /// <summary>
    /// Starts the exporter <paramref name="exporter"/> on a free port with extra <paramref name="environment"/>
    /// (e.g. DOTNET_gcServer=0): a .dll is run with `dotnet`, anything else (a published apphost or Native AOT
    /// executable) directly.
    /// </summary>
    public static ExporterProcess Start(string exporter, string configPath, string kubeconfigPath, IReadOnlyDictionary<string, string> environment, params string[] extraArgs)
    {
        var port = FreePort.Next();
        var (program, leading) = CommandFor(exporter);
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in leading.Concat(["--config", configPath, "--kubeconfig", kubeconfigPath, "--port", port.ToString()]).Concat(extraArgs))
            psi.ArgumentList.Add(a);
        psi.Environment.Remove("KUBECONFIG");
        foreach (var (name, value) in environment)
            psi.Environment[name] = value;
        return new ExporterProcess(Process.Start(psi)!, port);
    }

    /// <summary>Runs the exporter with exactly <paramref name="args"/> until it exits; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(TimeSpan timeout, params string[] args)
    {
        var (program, leading) = CommandFor(RepoPaths.Exporter);
        var result = await ToolRun.RunAsync(program, [.. leading, .. args], timeout);
        return (result.ExitCode, result.Stdout + result.Stderr);
    }

    /// <summary>The program to start and its first arguments: `dotnet X.dll`, or the executable itself.</summary>
    private static (string Program, string[] Leading) CommandFor(string exporter) =>
        exporter.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? ("dotnet", [exporter]) : (exporter, []);

    /// <summary>Sends a signal (TERM, INT) to the exporter.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString()]);
        await kill.WaitForExitAsync();
    }

    /// <summary>Waits for the process to exit; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // Say where a hung shutdown stopped: the exporter logs each stage it stops.
            throw new TimeoutException($"the exporter did not exit within {timeout.TotalSeconds} s\nLog:\n{string.Join('\n', LastOutput())}");
        }
        return _process.ExitCode;
    }

    /// <summary>One /metrics scrape, parsed strictly (a malformed exposition fails the test).</summary>
    public async Task<Exposition> ScrapeAsync()
    {
        var text = await Http.GetStringAsync(new Uri(BaseUri, "metrics"));
        return Exposition.Parse(text);
    }

    public async Task<HttpResponseMessage> GetAsync(string path) => await Http.GetAsync(new Uri(BaseUri, path));

    /// <summary>Polls /metrics until <paramref name="condition"/> holds; fails with the last scrape after the deadline.</summary>
    public Task<Exposition> WaitForAsync(Func<Exposition, bool> condition, TimeSpan timeout, string what) =>
        Eventually.PollAsync(async () =>
            {
                ThrowIfExited(what);
                return await ScrapeAsync();
            }, condition, timeout, what,
            describe: last => "scrape (object series):\n" + last.ObjectSeriesText(),
            context: () => "Log:\n" + string.Join('\n', LastOutput()),
            interval: PollInterval);

    /// <summary>Waits for a log line (output is read asynchronously, so it may trail the metrics).</summary>
    public Task WaitForLogAsync(Func<string, bool> match, TimeSpan timeout, string what) =>
        Eventually.UntilAsync(() => Output.Any(match), timeout, $"a log line: {what}", () => "Log:\n" + string.Join('\n', LastOutput()), PollInterval);

    /// <summary>Waits until /readyz answers 200.</summary>
    public Task WaitReadyAsync(TimeSpan timeout) =>
        Eventually.PollAsync(async () =>
            {
                ThrowIfExited("/readyz 200");
                using var r = await GetAsync("readyz");
                return r.StatusCode;
            }, code => code == HttpStatusCode.OK, timeout, "/readyz 200",
            context: () => "Log:\n" + string.Join('\n', LastOutput()),
            interval: PollInterval);

    // Short: several tests time changes that must show within a second.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    private void ThrowIfExited(string what)
    {
        if (_process.HasExited)
            throw new InvalidOperationException($"exporter exited with {_process.ExitCode} while waiting for {what}:\n{string.Join('\n', LastOutput())}");
    }

    /// <summary>SIGTERM, as Kubernetes stops a pod; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
                await kill.WaitForExitAsync();
            using var cts = new CancellationTokenSource(timeout);
            await _process.WaitForExitAsync(cts.Token);
        }
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await TerminateAsync(TimeSpan.FromSeconds(5));
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }
}
