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
        var path = Path.Combine(Directory.CreateTempSubdirectory("kae-config-").FullName, "exporter.yaml");
        File.WriteAllText(path, text);
        return path;
    }
}
