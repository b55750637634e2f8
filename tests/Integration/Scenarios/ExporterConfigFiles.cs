namespace KubeApiExporter.Tests.Integration.Scenarios;

/// <summary>
/// Config files for a test: the shipped exporter.yaml, optionally with more resources, or a copy of
/// another config of the repository. Each is written to a directory of its own; those directories
/// are deleted when the test process exits (no test needs to, and none leaks one into /tmp).
/// </summary>
public static class ExporterConfigFiles
{
    private static readonly System.Collections.Concurrent.ConcurrentBag<string> Written = [];

    static ExporterConfigFiles() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var dir in Written)
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    };

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

    /// <summary>A config file with exactly <paramref name="text"/>.</summary>
    public static string WriteText(string text)
    {
        var dir = Directory.CreateTempSubdirectory("kae-config-").FullName;
        Written.Add(dir);
        var path = Path.Combine(dir, "exporter.yaml");
        File.WriteAllText(path, text);
        return path;
    }
}
