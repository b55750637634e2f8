using System.Text.Json;

namespace KubeApiExporter.Host.ScrapeAuth;

/// <summary>
/// The TokenReview (authentication.k8s.io/v1) the guard sends and the identity it reads back, written and
/// read by hand: KubernetesClient's typed models need reflection-based System.Text.Json, which a Native AOT
/// build does not have.
/// </summary>
public static class TokenReviewMessage
{
    public const string Path = "apis/authentication.k8s.io/v1/tokenreviews";

    public static byte[] Request(string token) => JsonBody.Write(w =>
    {
        w.WriteString("apiVersion", "authentication.k8s.io/v1");
        w.WriteString("kind", "TokenReview");
        w.WriteStartObject("spec");
        w.WriteString("token", token);
        w.WriteEndObject();
    });

    /// <summary>The reviewed identity, or null when the API server does not authenticate the token (or names no user).</summary>
    public static ScraperIdentity? Identity(JsonElement review)
    {
        if (!JsonBody.TryObject(review, "status", out var status)
            || !status.TryGetProperty("authenticated", out var authenticated) || authenticated.ValueKind != JsonValueKind.True
            || !JsonBody.TryObject(status, "user", out var user)
            || JsonBody.String(user, "username") is not { Length: > 0 } name)
            return null;
        var extra = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (JsonBody.TryObject(user, "extra", out var extras))
            foreach (var field in extras.EnumerateObject())
                extra[field.Name] = JsonBody.Strings(field.Value);
        var groups = user.TryGetProperty("groups", out var g) ? JsonBody.Strings(g) : [];
        return new ScraperIdentity(name, JsonBody.String(user, "uid"), groups, extra);
    }
}
