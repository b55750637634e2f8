namespace KubeApiExporter.Bench.Fixtures;

/// <summary>Where the repository is, found upwards from the bench assembly (BenchmarkDotNet runs it from a generated folder below bin/).</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string ShippedConfig => Path.Combine(Root, "exporter.yaml");

    public static string ExporterDll => Path.Combine(Root, "src", "Host", "bin", "Release", "net10.0", "kube-api-exporter.dll");

    public static string HostProject => Path.Combine(Root, "src", "Host", "KubeApiExporter.Host.csproj");

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "KubeApiExporter.sln")))
                    return dir.FullName;
        throw new InvalidOperationException("KubeApiExporter.sln not found above " + AppContext.BaseDirectory);
    }
}
