using YamlDotNet.RepresentationModel;

namespace KubeApiExporter.Tests.Unit.Shipping;

/// <summary>Navigation in a parsed manifest (YamlDotNet's RepresentationModel) by mapping keys; null where a key is missing.</summary>
internal static class ManifestYaml
{
    public static YamlNode? Node(YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var child))
                return null;
            node = child;
        }
        return node;
    }

    public static string? Scalar(YamlNode? node, params string[] path) => Node(node, path) is YamlScalarNode s ? s.Value : null;

    public static YamlMappingNode? Mapping(YamlNode? node, params string[] path) => Node(node, path) as YamlMappingNode;

    public static YamlSequenceNode? Sequence(YamlNode? node, params string[] path) => Node(node, path) as YamlSequenceNode;

    /// <summary>The scalars of the sequence at <paramref name="path"/>; empty where there is none.</summary>
    public static List<string> Strings(YamlNode? node, params string[] path) =>
        Sequence(node, path)?.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList() ?? [];
}
