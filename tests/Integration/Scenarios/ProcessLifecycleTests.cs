using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KubeApiExporter.Tests.Integration.Harness;
using Xunit;

namespace KubeApiExporter.Tests.Integration.Scenarios;

/// <summary>Exit codes and shutdown (README, "Running against a cluster"), checked on the real process.</summary>
public sealed class ProcessLifecycleTests : IAsyncLifetime
{
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(30);
    private TestServerBackend _backend = null!;

    public async Task InitializeAsync() => _backend = await TestServerBackend.StartAsync();

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    [SkippableTheory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Signal_stops_the_exporter_with_exit_code_0_within_5_seconds(string signal)
    {
        // A process started in the background (nohup, `cmd &` in a script) inherits SIGINT ignored, and .NET
        // keeps it ignored, as a background job should: the exporter started from this run would never see it.
        Skip.If(signal == "INT" && InheritedSigintIgnored(),
            "SIGINT is ignored by this test run (started in the background), so the exporter it starts inherits that; run the tests in the foreground to check SIGINT");
        await _backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("busy", 1, 1));
        await using var exporter = ExporterProcess.Start(ExporterConfigFiles.Write(), _backend.KubeconfigPath);
        await exporter.WaitReadyAsync(TimeSpan.FromSeconds(60));

        var stopping = Stopwatch.StartNew();
        await exporter.SignalAsync(signal);
        var code = await exporter.WaitForExitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, code);
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"exit took {stopping.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task Bad_config_exits_2_with_one_positioned_line_per_problem()
    {
        var path = ExporterConfigFiles.WriteText("port: 99999\nprefx: k8s\nresources:\n  - name: pod\n    apiVersion: v1\n  - name: pod\n    apiVersion: v1\n    resource: pods\n");
        var (code, output) = await ExporterProcess.RunToExitAsync(ExitDeadline, "--config", path, "--kubeconfig", _backend.KubeconfigPath);
        Assert.Equal(2, code);
        Assert.Contains($"{path}:1:7:", output);
        Assert.Contains($"{path}:2:1: unknown key 'prefx': did you mean 'prefix'?", output);
        Assert.Contains("resource", output);
        Assert.Contains($"{path}:6:", output); // the duplicate name
    }

    [Fact]
    public async Task Check_config_prints_what_would_be_watched_and_exits_0()
    {
        var (code, output) = await ExporterProcess.RunToExitAsync(ExitDeadline, "--check-config", "--config", RepoPaths.ShippedConfig);
        Assert.Equal(0, code);
        foreach (var expected in new[] { "apps/v1 deployments", "v1 pods", "batch/v1 jobs", "v1 replicationcontrollers", "apps/v1 daemonsets" })
            Assert.Contains(expected, output);
        Assert.Contains("  - apiGroups: [apps]\n    resources: [deployments, daemonsets]\n    verbs: [get, list, watch]\n", output.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("--no-such-flag")]
    [InlineData("--port", "seventy")]
    [InlineData("--shard", "3", "--total-shards", "3")]
    public async Task Bad_arguments_exit_2_with_the_fix(params string[] args)
    {
        var (code, output) = await ExporterProcess.RunToExitAsync(ExitDeadline, args);
        Assert.Equal(2, code);
        Assert.Contains("kube-api-exporter:", output);
    }

    [Fact]
    public async Task Missing_kubeconfig_exits_2_naming_the_file()
    {
        var (code, output) = await ExporterProcess.RunToExitAsync(ExitDeadline, "--config", RepoPaths.ShippedConfig, "--kubeconfig", "/nonexistent/kubeconfig");
        Assert.Equal(2, code);
        Assert.Contains("/nonexistent/kubeconfig", output);
    }

    [Fact]
    public async Task Malformed_kubeconfig_exits_2_naming_file_line_and_the_fix()
    {
        var dir = Directory.CreateTempSubdirectory("bad-kubeconfig-").FullName;
        try
        {
            var path = Path.Combine(dir, "config");
            File.WriteAllText(path, "apiVersion: v1\ncurrent-context: x\nclusters: prod\n");
            var (code, output) = await ExporterProcess.RunToExitAsync(ExitDeadline, "--config", RepoPaths.ShippedConfig, "--kubeconfig", path);
            Assert.Equal(2, code);
            Assert.Contains($"{path}:3:11: clusters is 'prod'; it must be a list", output);
            Assert.Contains("Fix:", output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Port_already_in_use_is_fatal_with_exit_code_1()
    {
        using var occupant = new TcpListener(IPAddress.Any, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var (code, output) = await ExporterProcess.RunToExitAsync(ExitDeadline,
            "--config", RepoPaths.ShippedConfig, "--kubeconfig", _backend.KubeconfigPath, "--port", port.ToString());
        Assert.Equal(1, code);
        Assert.Contains("Fatal", output);
    }

    /// <summary>Bit 2 (SIGINT) of SigIgn in /proc/self/status: this process, and so its children, ignore SIGINT.</summary>
    private static bool InheritedSigintIgnored()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 0x2) != 0;
    }
}
