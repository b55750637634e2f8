namespace KubeApiExporter.Tests;

/// <summary>
/// Where the built exporter and the repository's files are, found upwards from the running assembly
/// (tests, the bench, or BenchmarkDotNet's generated folder below the bench's bin/) or the working directory.
/// </summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration the running assembly was built with (bin/&lt;Configuration&gt;/net10.0).</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>The exporter built in the same configuration as the running assembly.</summary>
    public static string ExporterDll => Path.Combine(Root, "src", "Host", "bin", Configuration, "net10.0", "kube-api-exporter.dll");

    /// <summary>
    /// The exporter the tests and the bench run: $KUBE_API_EXPORTER_EXECUTABLE when set (a published build,
    /// e.g. the Native AOT executable: `dotnet publish src/Host -c Release -r linux-x64 -o out`, then
    /// KUBE_API_EXPORTER_EXECUTABLE=out/kube-api-exporter), else <see cref="ExporterDll"/>.
    /// </summary>
    public static string Exporter => Environment.GetEnvironmentVariable(ExporterVariable) is { Length: > 0 } path
        ? Path.GetFullPath(path)
        : ExporterDll;

    public const string ExporterVariable = "KUBE_API_EXPORTER_EXECUTABLE";

    public static string HostProject => Path.Combine(Root, "src", "Host", "KubeApiExporter.Host.csproj");

    public static string ShippedConfig => Path.Combine(Root, "exporter.yaml");

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "KubeApiExporter.sln")))
                    return dir.FullName;
        throw new InvalidOperationException("KubeApiExporter.sln not found above " + AppContext.BaseDirectory);
    }
}
