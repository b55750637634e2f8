namespace KubeApiExporter.Tests.Integration.EndToEnd;

/// <summary>Runs `promtool check metrics` (Debian's prometheus package) on an exposition given on stdin.</summary>
public sealed class Promtool(string binary)
{
    public sealed record Result(int ExitCode, IReadOnlyList<string> Lines, bool LintDisabled);

    /// <summary>
    /// Whether this promtool has `check metrics --lint` (Prometheus 2.44+); 2.42, Debian 12's,
    /// has not, and always lints (exit code 3 when it finds lint problems, 1 on parse errors).
    /// </summary>
    public async Task<bool> SupportsLintFlagAsync() =>
        (await RunAsync(["check", "metrics", "--help"], stdin: null)).Lines.Any(l => l.TrimStart().StartsWith("--lint"));

    /// <summary>`promtool check metrics [--lint=none]` with <paramref name="exposition"/> on stdin.</summary>
    public async Task<Result> CheckMetricsAsync(string exposition, bool lintNone)
    {
        string[] args = lintNone ? ["check", "metrics", "--lint=none"] : ["check", "metrics"];
        return (await RunAsync(args, exposition)) with { LintDisabled = lintNone };
    }

    private async Task<Result> RunAsync(string[] args, string? stdin)
    {
        // promtool reads stdin when given no file: an empty one for --help.
        var result = await ToolRun.RunAsync(binary, args, TimeSpan.FromSeconds(30), stdin: stdin ?? "");
        var lines = (result.Stdout + "\n" + result.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new Result(result.ExitCode, lines, false);
    }
}
