namespace KubeApiExporter.Configuration;

/// <summary>
/// What a resources[] entry is: its <c>name</c> (unique across entries, since it forms the metric
/// names), <c>apiVersion</c>, <c>resource</c> plural and whether it is <c>namespaced</c>. One instance
/// sees every entry of a load, in order, so a repeated name points back at the first use.
/// </summary>
internal sealed class ResourceIdentityValidator(ValidationContext ctx) : IResourceValidator
{
    private readonly Dictionary<string, (int Index, YNode Node)> _names = new(StringComparer.Ordinal);

    public ResourceConfig Apply(ResourceEntry entry, ResourceConfig r)
    {
        var (map, keys, where, prefix) = (entry.Map, entry.Keys, entry.Where, entry.Prefix);

        if (ctx.Keys.Missing(map, keys, "name"))
            ctx.Problems.Add(map, $"{where} is missing 'name': add e.g. name: pod (the second segment of its metric names, {prefix}_pod_...)");
        else if (keys.TryGetValue("name", out var nameNode) && ctx.Values.Str(nameNode, $"{where}.name", "name: pod", required: true) is { } name)
        {
            if (!NameSyntax.MetricSegment().IsMatch(name))
                ctx.Problems.Add(nameNode, $"{where}.name '{name}' is not a valid metric name segment: use letters, digits and '_', not starting with a digit, e.g. name: {NameSyntax.Suggest(name)}");
            else if (_names.TryGetValue(name, out var first))
                ctx.Problems.Add(nameNode, $"duplicate name '{name}' in {where}: resources[{first.Index}] at line {first.Node.Line} already uses it; give each entry its own name (it forms the metric names {prefix}_{name}_...)");
            else
                _names[name] = (entry.Index, nameNode);
            r = r with { Name = name };
        }

        if (ctx.Keys.Missing(map, keys, "apiVersion"))
            ctx.Problems.Add(map, $"{where} is missing 'apiVersion': add e.g. apiVersion: v1 (core kinds such as pods) or apiVersion: apps/v1");
        else if (keys.TryGetValue("apiVersion", out var avNode) && ctx.Values.Str(avNode, $"{where}.apiVersion", "apiVersion: apps/v1", required: true) is { } av)
        {
            if (ApiVersionProblem(av) is { } msg) ctx.Problems.Add(avNode, $"{where}.apiVersion {msg}");
            r = r with { ApiVersion = av };
        }

        if (ctx.Keys.Missing(map, keys, "resource"))
            ctx.Problems.Add(map, $"{where} is missing 'resource': add the lowercase plural used in the API path, e.g. resource: deployments");
        else if (keys.TryGetValue("resource", out var resNode) && ctx.Values.Str(resNode, $"{where}.resource", "resource: deployments", required: true) is { } res)
        {
            if (!NameSyntax.IsDnsLabel(res))
            {
                var lower = res.ToLowerInvariant();
                var hint = res.Contains('/') ? " (subresources such as pods/status cannot be watched)"
                    : NameSyntax.DnsLabel().IsMatch(lower) ? $"; did you mean '{lower}'?" : "";
                ctx.Problems.Add(resNode, $"{where}.resource '{res}' must be the lowercase plural as in the API path, e.g. resource: deployments{hint}");
            }
            r = r with { Resource = res };
        }

        if (keys.TryGetValue("namespaced", out var nsd) && ctx.Values.Bool(nsd, $"{where}.namespaced") is { } namespaced)
            r = r with { Namespaced = namespaced };
        return r;
    }

    private static string? ApiVersionProblem(string av)
    {
        const string fix = "write 'v1' for the core group (pods, nodes, ...) or 'group/version' otherwise, e.g. apps/v1";
        if (av == "core/v1" || av == "api/v1")
            return $"'{av}' names the core group, which is written just 'v1'";
        var slash = av.IndexOf('/');
        if (slash < 0)
            return NameSyntax.ApiVersionPart().IsMatch(av) ? null : $"'{av}' is not 'v1' or 'group/version': {fix}";
        var group = av[..slash];
        var version = av[(slash + 1)..];
        if (group.Length == 0 || !NameSyntax.DnsSubdomain().IsMatch(group) || !NameSyntax.ApiVersionPart().IsMatch(version))
            return $"'{av}' is not 'v1' or 'group/version' (group lowercase like apps or example.com, version like v1 or v1beta1): {fix}";
        return null;
    }
}
