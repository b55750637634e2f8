using System.Text.Json;

namespace KubeApiExporter.Host.ScrapeAuth;

/// <summary>
/// The SubjectAccessReview (authorization.k8s.io/v1) for a non-resource URL and the decision read back,
/// written and read by hand (see <see cref="TokenReviewMessage"/> for why).
/// </summary>
public static class SubjectAccessReviewMessage
{
    public const string Path = "apis/authorization.k8s.io/v1/subjectaccessreviews";

    public static byte[] Request(ScraperIdentity identity, string verb, string path) => JsonBody.Write(w =>
    {
        w.WriteString("apiVersion", "authorization.k8s.io/v1");
        w.WriteString("kind", "SubjectAccessReview");
        w.WriteStartObject("spec");
        w.WriteString("user", identity.User);
        if (identity.Uid is not null)
            w.WriteString("uid", identity.Uid);
        w.WriteStartArray("groups");
        foreach (var group in identity.Groups)
            w.WriteStringValue(group);
        w.WriteEndArray();
        w.WriteStartObject("extra");
        foreach (var (key, values) in identity.Extra)
        {
            w.WriteStartArray(key);
            foreach (var value in values)
                w.WriteStringValue(value);
            w.WriteEndArray();
        }
        w.WriteEndObject();
        w.WriteStartObject("nonResourceAttributes");
        w.WriteString("path", path);
        w.WriteString("verb", verb);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>Whether the review allowed it, and the reason (else the evaluation error) the authorizer gave.</summary>
    public static (bool Allowed, string Reason) Decision(JsonElement review)
    {
        if (!JsonBody.TryObject(review, "status", out var status))
            return (false, "");
        var allowed = status.TryGetProperty("allowed", out var a) && a.ValueKind == JsonValueKind.True;
        return (allowed, JsonBody.String(status, "reason") ?? JsonBody.String(status, "evaluationError") ?? "");
    }
}
