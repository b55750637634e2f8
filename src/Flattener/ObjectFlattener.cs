using System.Text.Json;

namespace KubeApiExporter.Flattener;

/// <summary>
/// Turns one Kubernetes object into samples by the rules of its resource (README, "Metric naming"). A pure
/// function: no I/O, no clock, nothing shared but the rules' caches, so it can run in parallel
/// for many objects. Never throws on odd input: objects without metadata.name (BOOKMARK objects,
/// non-objects) give no samples, content nested deeper than <see cref="MaxDepth"/> is skipped.
/// </summary>
public static class ObjectFlattener
{
    /// <summary>
    /// Nesting levels walked below the object root (a value directly in the root is level 1, a list
    /// counts as a level); values deeper than this are skipped, so hostile nesting cannot overflow the stack.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// Calls <paramref name="sink"/> once per sample: walk order, then zeroFill, labels and info metrics.
    /// </summary>
    public static void Flatten(FlattenRules rules, JsonElement obj, ISampleSink sink)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(sink);
        FlattenPass.Run(rules, obj, sink);
    }
}
