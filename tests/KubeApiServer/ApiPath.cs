namespace KubeApiExporter.KubeApiServer;

/// <summary>
/// A resource URL taken apart: /api/v1/[namespaces/{ns}/]{plural}[/{name}] for the core
/// group, /apis/{group}/{version}/[namespaces/{ns}/]{plural}[/{name}] for the others.
/// </summary>
internal sealed record ApiPath(string Group, string Version, string? Namespace, string Plural, string? Name)
{
    public static ApiPath? TryParse(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group;
        string version;
        string[] rest;
        if (segments is ["api", var v, ..])
            (group, version, rest) = ("", v, segments[2..]);
        else if (segments is ["apis", var g, var v2, ..])
            (group, version, rest) = (g, v2, segments[3..]);
        else
            return null;
        return rest.Length switch
        {
            // "namespaces" is itself a resource: /api/v1/namespaces and /api/v1/namespaces/{name}
            1 => new ApiPath(group, version, null, rest[0], null),
            2 => new ApiPath(group, version, null, rest[0], rest[1]),
            3 when rest[0] == "namespaces" => new ApiPath(group, version, rest[1], rest[2], null),
            4 when rest[0] == "namespaces" => new ApiPath(group, version, rest[1], rest[2], rest[3]),
            _ => null, // subresources (status, scale, log) are not served
        };
    }
}
