using System.Text.Json.Nodes;

namespace KubeApiExporter.KubeApiServer;

/// <summary>
/// Shapes an object handed in by a test the way the apiserver would store it: a private
/// copy, apiVersion and kind first and set from the resource, the namespace defaulted (or
/// dropped for cluster-scoped kinds), and server-owned metadata kept across updates.
/// </summary>
internal static class ObjectNormalizer
{
    public static JsonObject Normalize(ResourceType type, JsonObject input)
    {
        var copy = input.DeepClone().AsObject();
        var result = new JsonObject { ["apiVersion"] = type.ApiVersion, ["kind"] = type.Kind };
        foreach (var name in copy.Select(p => p.Key).ToList())
        {
            if (name is "apiVersion" or "kind")
                continue;
            var value = copy[name];
            copy.Remove(name);
            result[name] = value;
        }
        if (result["metadata"] is not JsonObject meta || meta["name"]?.GetValue<string>() is not { Length: > 0 })
            throw new ArgumentException("metadata.name is required", nameof(input));
        if (type.Namespaced)
            meta["namespace"] ??= "default";
        else
            meta.Remove("namespace");
        return result;
    }

    /// <summary>
    /// Keep uid and creationTimestamp unless the caller set them, and bump metadata.generation
    /// when spec changed (unless the caller set another generation on purpose), as the real
    /// server does; that is what status.observedGeneration is compared against.
    /// </summary>
    public static void CarryOverIdentity(JsonObject previous, JsonObject updated)
    {
        var oldMeta = previous["metadata"]!.AsObject();
        var meta = updated["metadata"]!.AsObject();
        meta["uid"] ??= oldMeta["uid"]?.DeepClone();
        meta["creationTimestamp"] ??= oldMeta["creationTimestamp"]?.DeepClone();
        var oldGeneration = ReadLong(oldMeta["generation"]) ?? 1;
        var requested = ReadLong(meta["generation"]);
        if (requested is null || requested == oldGeneration)
            meta["generation"] = JsonNode.DeepEquals(previous["spec"], updated["spec"]) ? oldGeneration : oldGeneration + 1;
    }

    // Via the JSON text: a JsonValue built from an int refuses GetValue<long>().
    private static long? ReadLong(JsonNode? node) => node is null ? null : long.Parse(node.ToJsonString());
}
