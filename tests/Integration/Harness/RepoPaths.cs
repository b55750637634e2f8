namespace KubeApiExporter.Tests.Integration.Harness;

/// <summary>Where the built exporter and the repository's files are, from the test assembly's location.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the same configuration the tests were built with.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string ExporterDll => Path.Combine(Root, "src", "Host", "bin", Configuration, "net10.0", "kube-api-exporter.dll");

    public static string ShippedConfig => Path.Combine(Root, "exporter.yaml");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KubeApiExporter.sln")))
                return dir.FullName;
        throw new InvalidOperationException("KubeApiExporter.sln not found above " + AppContext.BaseDirectory);
    }
}
