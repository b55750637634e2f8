namespace KubeApiExporter.Configuration;

/// <summary>
/// Which objects are watched: the top-level <c>namespaces</c> (for every resource) and each resource's
/// <c>labelSelector</c> and <c>fieldSelector</c>. Selectors are passed to the API server as written,
/// which is the one that understands them, so only their type is checked here.
/// </summary>
internal sealed class WatchScopeValidator(ValidationContext ctx) : IResourceValidator
{
    public ExporterConfig ApplyNamespaces(Dictionary<string, YNode> keys, ExporterConfig config)
    {
        if (!keys.TryGetValue("namespaces", out var nsNode))
            return config;
        var list = ctx.Values.StrList(nsNode, "namespaces", "namespaces: [default, kube-system] (or [] for all namespaces)");
        if (list is null)
            return config;
        var seen = new Dictionary<string, YScalar>(StringComparer.Ordinal);
        foreach (var (value, node) in list)
        {
            if (!NameSyntax.IsDnsLabel(value))
                ctx.Problems.Add(node, $"namespace '{value}' is not a valid namespace name: lowercase letters, digits and '-', e.g. kube-system");
            else if (seen.TryGetValue(value, out var first))
                ctx.Problems.Add(node, $"namespace '{value}' is listed twice (first at line {first.Line}): remove one");
            else
                seen[value] = node;
        }
        return config with { Namespaces = list.Select(t => t.Value).ToList() };
    }

    public ResourceConfig Apply(ResourceEntry entry, ResourceConfig r)
    {
        if (entry.Keys.TryGetValue("labelSelector", out var ls) && ctx.Values.Str(ls, $"{entry.Where}.labelSelector", "labelSelector: \"app=web,tier!=cache\"") is { } lsv)
            r = r with { LabelSelector = lsv };
        if (entry.Keys.TryGetValue("fieldSelector", out var fs) && ctx.Values.Str(fs, $"{entry.Where}.fieldSelector", "fieldSelector: \"status.phase=Running\"") is { } fsv)
            r = r with { FieldSelector = fsv };
        return r;
    }
}
