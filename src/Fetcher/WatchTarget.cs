namespace KubeApiExporter.Fetcher;

/// <summary>
/// One list+watch stream: a configured resource, cluster-wide or in one namespace.
/// <see cref="Name"/> is the config's <c>name</c> (the metric segment and the self-metrics label);
/// <see cref="Plural"/> is the config's <c>resource</c>, as in the API path.
/// </summary>
public sealed record WatchTarget(
    string Name,
    string Group,
    string Version,
    string Plural,
    string? Namespace,
    string LabelSelector,
    string FieldSelector)
{
    /// <summary>The scope a re-list reconciles: the namespace, or "" for all namespaces.</summary>
    public string Scope => Namespace ?? "";

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public override string ToString() =>
        $"{ApiVersion} {Plural}{(Namespace is null ? "" : $" in namespace {Namespace}")}";
}
