using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeApiExporter.KubeApiServer;

/// <summary>
/// The metav1.Status documents the real apiserver answers errors with; clients (and
/// KubernetesClient's KubernetesException) read code, reason and message from them.
/// </summary>
internal static class StatusResponse
{
    public static JsonObject Failure(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };

    /// <summary>The Status for an injected fault, worded as the real server words that code.</summary>
    public static JsonObject ForInjectedFault(int code, string verb, ResourceType resource, string? ns) => code switch
    {
        401 => Failure(401, "Unauthorized", "Unauthorized"),
        403 => Failure(403, "Forbidden",
            $"{resource.Plural} is forbidden: User \"system:serviceaccount:x:y\" cannot {verb} resource " +
            $"\"{resource.Plural}\" in API group \"{resource.Group}\" " +
            (ns is null ? "at the cluster scope" : $"in the namespace \"{ns}\"")),
        404 => Failure(404, "NotFound", "the server could not find the requested resource"),
        410 => Failure(410, "Expired", "too old resource version"),
        429 => Failure(429, "TooManyRequests", "Too many requests, please try again later."),
        500 => Failure(500, "InternalError", "Internal error occurred: fault injected by KubeApiTestServer"),
        503 => Failure(503, "ServiceUnavailable", "the server is currently unable to handle the request"),
        504 => Failure(504, "Timeout", "the server was unable to return a response in the time allotted"),
        _ => Failure(code, "", $"fault {code} injected by KubeApiTestServer"),
    };

    public static Task WriteAsync(HttpContext context, JsonObject status)
    {
        context.Response.StatusCode = status["code"]!.GetValue<int>();
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(Json.Serialize(status), context.RequestAborted).AsTask();
    }
}
