using KubeApiExporter.Configuration;

namespace KubeApiExporter.Tests;

/// <summary>The repository's exporter.yaml, loaded once (a problem in it fails loudly, with the problems).</summary>
public static class ShippedConfig
{
    private static readonly Lazy<ExporterConfig> Loaded = new(() =>
    {
        var loaded = ConfigLoader.LoadFile(RepoPaths.ShippedConfig);
        return loaded.Config ?? throw new InvalidOperationException("shipped exporter.yaml does not load: " + string.Join("; ", loaded.Problems));
    });

    public static ExporterConfig Value => Loaded.Value;

    /// <summary>The resource named <paramref name="name"/>.</summary>
    public static ResourceConfig Resource(string name) => Value.Resources.Single(r => r.Name == name);
}
