using KubeApiExporter.Flattener;

namespace KubeApiExporter.Host.Pipeline;

/// <summary>A configured resource with its flatten rules compiled once per config generation.</summary>
public sealed record CompiledResource(ResourceConfig Config, FlattenRules Rules)
{
    public static CompiledResource Compile(string prefix, ResourceConfig config) =>
        new(config, FlattenRules.Compile(prefix, config));
}
