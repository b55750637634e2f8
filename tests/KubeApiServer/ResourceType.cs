namespace KubeApiExporter.KubeApiServer;

/// <summary>A registered API resource: what the discovery documents and the URL paths name.</summary>
internal sealed record ResourceType(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    /// <summary>"v1" for the core group, "group/version" otherwise, as in an object's apiVersion.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The kind of a list answer; the real server names it after the item kind.</summary>
    public string ListKind => Kind + "List";

    public static (string Group, string Version) SplitApiVersion(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/');
        return slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
    }
}
