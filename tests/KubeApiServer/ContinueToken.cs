using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeApiExporter.KubeApiServer;

/// <summary>
/// The opaque list continue token. Like the real one it is base64 JSON holding the snapshot
/// resourceVersion and the key to continue after ("start"), so a later page is read at the
/// first page's version and items do not shift when objects are added or deleted meanwhile.
/// </summary>
internal sealed record ContinueToken(
    [property: JsonPropertyName("v")] string Version,
    [property: JsonPropertyName("rv")] long ResourceVersion,
    [property: JsonPropertyName("start")] string StartAfter)
{
    public string Encode() => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(this));

    public static ContinueToken Create(long resourceVersion, string startAfter) => new("meta.k8s.io/v1", resourceVersion, startAfter);

    public static ContinueToken Decode(string text)
    {
        try
        {
            var token = JsonSerializer.Deserialize<ContinueToken>(Encoding.UTF8.GetString(Convert.FromBase64String(text)));
            if (token is { Version: "meta.k8s.io/v1", StartAfter: not null })
                return token;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
        }
        throw ApiError.BadRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
    }
}
