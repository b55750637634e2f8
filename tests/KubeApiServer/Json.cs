using System.Text.Encodings.Web;
using System.Text.Json;

namespace KubeApiExporter.KubeApiServer;

/// <summary>
/// Serializer settings matching the real server's output: quotes written as \" and
/// non-ASCII kept, not the HTML-safe \u0022 escaping System.Text.Json uses by default.
/// </summary>
internal static class Json
{
    /// <summary>The real server accepts deep objects (CRDs with preserve-unknown-fields); 64 is only System.Text.Json's default.</summary>
    public const int MaxDepth = 1024;

    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = MaxDepth };

    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = MaxDepth };

    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);
}
