using System.Text.Json;

namespace KubeApiExporter.Fetcher;

/// <summary>Reads an object's identity from its metadata (store key "namespace/name" or "name", uid, resourceVersion), tolerating any JSON.</summary>
public static class ObjectMetadata
{
    public static string? KeyOf(JsonElement obj)
    {
        if (!TryMetadata(obj, out var meta))
            return null;
        var name = StringOf(meta, "name");
        if (string.IsNullOrEmpty(name))
            return null;
        var ns = StringOf(meta, "namespace");
        return string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";
    }

    public static string? ResourceVersionOf(JsonElement obj) =>
        TryMetadata(obj, out var meta) ? StringOf(meta, "resourceVersion") : null;

    public static string UidOf(JsonElement obj) =>
        TryMetadata(obj, out var meta) ? StringOf(meta, "uid") ?? "" : "";

    private static bool TryMetadata(JsonElement obj, out JsonElement meta)
    {
        meta = default;
        return obj.ValueKind == JsonValueKind.Object
               && obj.TryGetProperty("metadata", out meta)
               && meta.ValueKind == JsonValueKind.Object;
    }

    private static string? StringOf(JsonElement meta, string property) =>
        meta.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
