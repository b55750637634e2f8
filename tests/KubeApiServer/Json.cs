using System.Text.Encodings.Web;
using System.Text.Json;

namespace KubeApiExporter.KubeApiServer;

/// <summary>
/// Serializer settings matching the real server's output: quotes written as \" and
/// non-ASCII kept, not the HTML-safe \u0022 escaping System.Text.Json uses by default.
/// </summary>
internal static class Json
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);
}
