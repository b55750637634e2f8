namespace KubeApiExporter.KubeApiServer;

/// <summary>
/// A request that must be answered with a Kubernetes Status instead of a result; thrown
/// inside the request handlers and turned into JSON by <see cref="ApiRequestHandler"/>.
/// </summary>
internal sealed class ApiError(int code, string reason, string message) : Exception(message)
{
    public int Code { get; } = code;
    public string Reason { get; } = reason;

    public static ApiError BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiError NotFound() => new(404, "NotFound", "the server could not find the requested resource");

    public static ApiError ContinueExpired() => new(410, "Expired",
        "The provided continue parameter is too old to display a consistent list result. " +
        "You can start a new list without the continue parameter.");
}
