using KubeApiExporter.Tests.Integration.EndToEnd;

namespace KubeApiExporter.Tests.Integration.Harness;

/// <summary>The kubectl on PATH, run as a user runs it (a kubeconfig, the repository as working directory).</summary>
public static class Kubectl
{
    public const string MissingReason = "kubectl not found on PATH (the shipped manifests are applied with it)";

    public static string? Binary { get; } = ExternalTool.Find("kubectl");

    public static Task<ToolRun.Result> RunAsync(string kubeconfig, params string[] args) =>
        ToolRun.RunAsync(Binary ?? throw new InvalidOperationException(MissingReason), ["--kubeconfig", kubeconfig, .. args],
            TimeSpan.FromSeconds(120), workingDirectory: RepoPaths.Root);

    public static async Task<ToolRun.Result> MustRunAsync(string kubeconfig, params string[] args)
    {
        var result = await RunAsync(kubeconfig, args);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"kubectl {string.Join(' ', args)} failed: {result}");
        return result;
    }
}
