using System.Buffers;
using System.Text.Json;

namespace KubeApiExporter.Host.ScrapeAuth;

/// <summary>Writing a small JSON request body and reading optional fields of an answer, without reflection.</summary>
internal static class JsonBody
{
    /// <summary>One JSON object whose members <paramref name="members"/> writes.</summary>
    public static byte[] Write(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static bool TryObject(JsonElement parent, string name, out JsonElement value) =>
        parent.TryGetProperty(name, out value) && value.ValueKind == JsonValueKind.Object;

    public static string? String(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The strings of an array (other items skipped); empty for anything that is not an array.</summary>
    public static IReadOnlyList<string> Strings(JsonElement array) => array.ValueKind != JsonValueKind.Array
        ? []
        : array.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList();
}
