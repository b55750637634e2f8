namespace KubeApiExporter.Tests.Integration.EndToEnd;

/// <summary>
/// Finds the Prometheus binaries of Debian's `prometheus` package (installed by .ci/promtool-checks
/// in CI): on PATH, else in /usr/bin. Tests skip with <see cref="MissingReason"/> when one is absent.
/// </summary>
public static class ExternalTool
{
    public const string MissingPrometheus = "prometheus not installed: apt-get install -y prometheus";
    public const string MissingPromtool = "promtool not installed: apt-get install -y prometheus";

    /// <summary>Full path of an executable named <paramref name="name"/>, or null.</summary>
    public static string? Find(string name)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin");
        foreach (var dir in dirs)
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path) && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
                return path;
        }
        return null;
    }
}
