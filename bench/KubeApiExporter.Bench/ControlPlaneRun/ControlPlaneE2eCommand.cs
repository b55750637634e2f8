using System.Diagnostics;
using System.Text;
using k8s.Models;
using KubeApiExporter.Bench.E2e;
using KubeApiExporter.Tests.Integration.Harness;

namespace KubeApiExporter.Bench.ControlPlaneRun;

/// <summary>
/// `e2e-cp`: the exporter against a real kube-apiserver 1.20.2 + etcd + controller-manager (the
/// integration tests' fixture), which is where the kube-state-metrics comparison was made. The
/// control plane is filled once (as the admin), then every variant of the exporter runs as its own
/// process with the shipped ServiceAccount's identity, round after round, so settings are compared
/// back to back on the same data. Per run: a start watching one empty resource (RSS, CPU), then
/// the shipped config: start → ready, start → every object in /metrics, CPU seconds and RSS there,
/// RSS 3 s later, scrape medians, status patches at a fixed rate seen scrape-side, peak RSS and
/// the run's CPU seconds.
/// </summary>
public static class ControlPlaneE2eCommand
{
    private const string EmptyConfig = """
        prefix: k8s
        resources:
          - name: job
            apiVersion: batch/v1
            resource: jobs
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var o = ControlPlaneOptions.Parse(args);
        if (o is null)
        {
            Console.Error.WriteLine(ControlPlaneOptions.Usage);
            return 2;
        }
        if (o.Build && !await E2eCommand.BuildExporterAsync())
            return 1;

        var clock = Stopwatch.StartNew();
        var controlPlane = new ControlPlane();
        await controlPlane.InitializeAsync();
        try
        {
            if (controlPlane.SkipReason is { } reason)
            {
                Console.Error.WriteLine(reason);
                return 1;
            }
            Log($"control plane up in {controlPlane.StartupTime.TotalSeconds:0.0} s at {controlPlane.ApiServerUri}");
            clock.Restart();
            var pods = await ClusterLoad.CreateAsync(new KubernetesClientWrites(controlPlane.Admin), o.Pods, o.Deployments, o.MinimalPods);
            Log($"created {o.Pods:N0} pods and {o.Deployments:N0} deployments in {clock.Elapsed.TotalSeconds:0.0} s");
            var emptyConfig = Path.Combine(Path.GetTempPath(), $"kae-bench-empty-{Environment.ProcessId}.yaml");
            File.WriteAllText(emptyConfig, EmptyConfig);

            if (o.HoldSeconds > 0)
            {
                Log($"holding for {o.HoldSeconds} s; exporter kubeconfig {controlPlane.ExporterKubeconfig}, empty config {emptyConfig}");
                await Task.Delay(TimeSpan.FromSeconds(o.HoldSeconds));
            }
            var runs = new List<(string Label, RunResult Table)>();
            var sequence = 0;
            for (var round = 1; round <= o.Rounds; round++)
                foreach (var variant in o.Variants)
                {
                    var label = o.Rounds == 1 ? variant.Label : $"{variant.Label} #{round}";
                    Log($"run {label}; load {Load()}");
                    var run = new ControlPlaneRunner(o, controlPlane, variant, emptyConfig, pods, sequence, label);
                    runs.Add((label, await run.RunAsync()));
                    sequence += o.Updates;
                }
            Emit(o, runs);
            return 0;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"e2e-cp failed: {e}");
            return 1;
        }
        finally
        {
            await controlPlane.DisposeAsync();
        }
    }

    internal static string Load() => File.ReadAllText("/proc/loadavg").Trim();

    internal static void Log(string message) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");

    private static void Emit(ControlPlaneOptions o, List<(string Label, RunResult Table)> runs)
    {
        var s = new StringBuilder();
        s.AppendLine($"### e2e-cp: {o.Pods:N0} pods, {o.Deployments:N0} deployments {(o.MinimalPods ? " (minimal pods)" : "")} on kube-apiserver 1.20.2; {o.Updates} status patches at {o.UpdatesPerSecond}/s").AppendLine();
        s.AppendLine("| measure | " + string.Join(" | ", runs.Select(r => r.Label)) + " |");
        s.AppendLine("|---|" + string.Concat(runs.Select(_ => "---|")));
        foreach (var measure in runs[0].Table.Rows.Select(r => r.Measure))
            s.AppendLine($"| {measure} | " + string.Join(" | ", runs.Select(r => r.Table.ValueOf(measure))) + " |");
        s.AppendLine();
        foreach (var v in o.Variants)
            s.AppendLine($"- {v.Label}: {v.Dll ?? "src/Host/bin/Release (dotnet build)"}{(v.Environment.Count == 0 ? "" : "; " + string.Join(' ', v.Environment.Select(kv => $"{kv.Key}={kv.Value}")))}");
        s.AppendLine($"\nMachine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine();
        Console.WriteLine(s);
        if (o.MarkdownOut is not null)
            File.AppendAllText(o.MarkdownOut, s + "\n");
    }
}
