using System.Diagnostics;
using KubeApiExporter.Tests.Integration.EndToEnd;

namespace KubeApiExporter.Tests.Integration.Harness;

/// <summary>The kubectl on PATH, run as a user runs it (a kubeconfig, the repository as working directory).</summary>
public static class Kubectl
{
    public const string MissingReason = "kubectl not found on PATH (the shipped manifests are applied with it)";

    public static string? Binary { get; } = ExternalTool.Find("kubectl");

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    public static async Task<Result> RunAsync(string kubeconfig, params string[] args)
    {
        var psi = new ProcessStartInfo(Binary ?? throw new InvalidOperationException(MissingReason))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        psi.ArgumentList.Add("--kubeconfig");
        psi.ArgumentList.Add(kubeconfig);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment.Remove("KUBECONFIG");
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not exit within 120 s");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static async Task<Result> MustRunAsync(string kubeconfig, params string[] args)
    {
        var result = await RunAsync(kubeconfig, args);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"kubectl {string.Join(' ', args)} failed: {result}");
        return result;
    }
}
