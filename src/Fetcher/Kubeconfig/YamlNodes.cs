using k8s.Exceptions;
using YamlDotNet.RepresentationModel;

namespace KubeApiExporter.Fetcher.Kubeconfig;

/// <summary>
/// The shapes a kubeconfig value can take (string, boolean, list, mapping), read from YamlDotNet nodes;
/// a value of another shape throws a <see cref="KubeConfigException"/> naming file:line:column, the key
/// and the shape it needs.
/// </summary>
internal sealed class YamlNodes(string fileName)
{
    /// <summary>Plain <c>~</c>, <c>null</c> or nothing at all (<c>key:</c>).</summary>
    public static bool IsNull(YamlNode node) => node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public IEnumerable<(string Key, YamlNode Value)> Mapping(YamlNode node, string where, string shape)
    {
        if (IsNull(node))
            yield break;
        if (node is not YamlMappingNode mapping)
            throw Wrong(node, where, shape);
        foreach (var (key, value) in mapping.Children)
            if (key is YamlScalarNode { Value: { } name })
                yield return (name, value);
    }

    public string? Text(YamlNode node, string where) => node switch
    {
        _ when IsNull(node) => null,
        YamlScalarNode scalar => scalar.Value,
        _ => throw Wrong(node, where, "a string"),
    };

    /// <summary>YAML 1.1 booleans, as kubectl (and YamlDotNet) read them: true/false, yes/no, on/off.</summary>
    public bool Bool(YamlNode node, string where)
    {
        if (IsNull(node))
            return false;
        return (node as YamlScalarNode)?.Value?.ToLowerInvariant() switch
        {
            "true" or "yes" or "on" or "y" => true,
            "false" or "no" or "off" or "n" => false,
            _ => throw Wrong(node, where, "true or false"),
        };
    }

    public List<T>? Items<T>(YamlNode node, string where, Func<YamlNode, string, T> item)
    {
        if (IsNull(node))
            return null;
        if (node is not YamlSequenceNode sequence)
            throw Wrong(node, where, "a list ('- ...' lines)");
        return sequence.Children.Select((n, i) => item(n, $"{where}[{i}]")).ToList();
    }

    /// <summary>A mapping of strings; a list value (as-user-extra allows several) is joined with ',' since the model holds one string.</summary>
    public Dictionary<string, string>? StringMap(YamlNode node, string where)
    {
        if (IsNull(node))
            return null;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Mapping(node, where, "a mapping of strings"))
            map[key] = value is YamlSequenceNode list
                ? string.Join(',', list.Children.Select((n, i) => Text(n, $"{where}.{key}[{i}]")))
                : Text(value, $"{where}.{key}") ?? "";
        return map;
    }

    /// <summary>A mapping of any values (preferences), as <see cref="Plain"/> has them.</summary>
    public Dictionary<string, object?>? Map(YamlNode node, string where) =>
        IsNull(node) ? null : Mapping(node, where, "a mapping").ToDictionary(e => e.Key, e => Plain(e.Value), StringComparer.Ordinal);

    /// <summary>Any value as plain objects: string, list of values, or mapping of string to value (what KubernetesClient's reader makes of an untyped value).</summary>
    public static object? Plain(YamlNode node) => node switch
    {
        _ when IsNull(node) => null,
        YamlScalarNode scalar => scalar.Value,
        YamlSequenceNode sequence => sequence.Children.Select(Plain).ToList(),
        YamlMappingNode mapping => mapping.Children.Where(e => e.Key is YamlScalarNode)
            .ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => Plain(e.Value), StringComparer.Ordinal),
        _ => null,
    };

    private KubeConfigException Wrong(YamlNode node, string where, string shape)
    {
        var found = node switch
        {
            YamlScalarNode s => $"'{s.Value}'",
            YamlSequenceNode => "a list",
            YamlMappingNode => "a mapping",
            _ => "something else",
        };
        return new KubeConfigException($"{fileName}:{node.Start.Line}:{node.Start.Column}: {where} is {found}; it must be {shape}. Fix: write {where} as {shape} (kubectl config view shows a valid kubeconfig)");
    }
}
