using System.Diagnostics.CodeAnalysis;
using KubeApiExporter.Flattener;

namespace KubeApiExporter.Host.Pipeline;

/// <summary>
/// The compiled flatten rules of the config in force, by resource name: swapped whole by a config
/// (re)load; read by the render stage (which rules) and the apply stage (is the resource still
/// configured), so a change of a resource removed while in flight is dropped by both.
/// </summary>
public sealed class RulesInForce
{
    private volatile IReadOnlyDictionary<string, FlattenRules> _byName = new Dictionary<string, FlattenRules>();

    public IReadOnlyDictionary<string, FlattenRules> ByName
    {
        get => _byName;
        set => _byName = value;
    }

    public bool TryGet(string resource, [MaybeNullWhen(false)] out FlattenRules rules) => _byName.TryGetValue(resource, out rules);
}
