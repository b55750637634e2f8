namespace KubeApiExporter.Tests.Integration.Scenarios;

/// <summary>Config files for a test: the shipped exporter.yaml, optionally with more resources.</summary>
public static class ExporterConfigFiles
{
    public const string WidgetResource = """
          - name: widget
            apiVersion: example.com/v1
            resource: widgets
            listKeys: {parts: id}
        """;

    public static string Write(string? extraResources = null)
    {
        var text = File.ReadAllText(RepoPaths.ShippedConfig).TrimEnd() + "\n";
        if (extraResources is not null)
            text += extraResources.TrimEnd() + "\n";
        return WriteText(text);
    }

    /// <summary>A copy of a config file of the repository (<paramref name="repoPath"/> relative to its root, e.g. examples/cluster.yaml).</summary>
    public static string Copy(string repoPath) => WriteText(File.ReadAllText(Path.Combine(RepoPaths.Root, repoPath)));

    // In a directory of its own, which the test deletes.
    private static string WriteText(string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("kae-config-").FullName, "exporter.yaml");
        File.WriteAllText(path, text);
        return path;
    }
}
