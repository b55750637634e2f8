using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeApiExporter.KubeApiServer;

/// <summary>
/// One object as stored: its serialized JSON (kind and apiVersion first) plus a parsed view.
/// Immutable, because watches and lists read it from other threads while tests keep writing;
/// a JsonElement over a JsonDocument is safe for concurrent reads, a JsonObject is not.
/// </summary>
internal sealed class StoredObject
{
    private StoredObject(byte[] json, JsonElement element, string? ns, string name, long resourceVersion,
        IReadOnlyDictionary<string, string> labels)
    {
        Json = json;
        Element = element;
        Namespace = ns;
        Name = name;
        ResourceVersion = resourceVersion;
        Labels = labels;
    }

    public byte[] Json { get; }
    public JsonElement Element { get; }
    public string? Namespace { get; }
    public string Name { get; }
    public long ResourceVersion { get; }
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>Store key: "namespace/name", or "name" for cluster-scoped kinds; ordinal order is the list order.</summary>
    public string Key => KeyOf(Namespace, Name);

    public static string KeyOf(string? ns, string name) => ns is null ? name : $"{ns}/{name}";

    /// <summary>Freeze an already normalized object (metadata.name, resourceVersion set).</summary>
    public static StoredObject From(JsonObject normalized)
    {
        var json = KubeApiServer.Json.Serialize(normalized);
        var element = JsonDocument.Parse(json, KubeApiServer.Json.DocumentOptions).RootElement;
        var meta = element.GetProperty("metadata");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (meta.TryGetProperty("labels", out var l) && l.ValueKind == JsonValueKind.Object)
            foreach (var p in l.EnumerateObject())
                labels[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
        var ns = meta.TryGetProperty("namespace", out var n) ? n.GetString() : null;
        var rv = long.Parse(meta.GetProperty("resourceVersion").GetString()!);
        return new StoredObject(json, element, ns, meta.GetProperty("name").GetString()!, rv, labels);
    }

    /// <summary>A fresh mutable copy for callers (tests) to inspect or change.</summary>
    public JsonObject ToJsonObject() => JsonNode.Parse(Json, documentOptions: KubeApiServer.Json.DocumentOptions)!.AsObject();
}
