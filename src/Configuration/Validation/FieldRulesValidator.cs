namespace KubeApiExporter.Configuration;

/// <summary>
/// Which fields of an object become samples and how they are labelled: <c>include</c>, <c>exclude</c>
/// and <c>zeroFill</c> paths, extra <c>labels</c> from string fields, and <c>listKeys</c> (the item field
/// that labels a list's items).
/// </summary>
internal sealed class FieldRulesValidator(ValidationContext ctx) : IResourceValidator
{
    public ResourceConfig Apply(ResourceEntry entry, ResourceConfig r)
    {
        var (keys, where) = (entry.Keys, entry.Where);
        if (keys.TryGetValue("include", out var inc) && Globs(inc, $"{where}.include", "include: [status.*Replicas, spec.replicas]") is { } incv)
            r = r with { Include = incv };
        if (keys.TryGetValue("exclude", out var exc) && Globs(exc, $"{where}.exclude", "exclude: [\"spec.template.**\"]") is { } excv)
            r = r with { Exclude = excv };
        if (keys.TryGetValue("zeroFill", out var zf) && Globs(zf, $"{where}.zeroFill", "zeroFill: [status.failed, status.succeeded]") is { } zfv)
            r = r with { ZeroFill = zfv };
        if (keys.TryGetValue("labels", out var lab) && LabelSources.Read(ctx, lab, $"{where}.labels", "labels: {node: spec.nodeName}", allowEmpty: true) is { } labv)
            r = r with { Labels = labv };
        if (keys.TryGetValue("listKeys", out var lk) && ListKeys(lk, $"{where}.listKeys") is { } lkv)
            r = r with { ListKeys = lkv };
        return r;
    }

    /// <summary>A list of field globs, each checked by <see cref="FieldGlob.TryParse"/>, the parser the flattener matches with.</summary>
    private List<string>? Globs(YNode node, string what, string example)
    {
        var list = ctx.Values.StrList(node, what, example);
        if (list is null) return null;
        foreach (var (value, s) in list)
            if (!FieldGlob.TryParse(value, out _, out var error))
                ctx.Problems.Add(s, $"{what}: {error}");
        return list.Select(t => t.Value).ToList();
    }

    private Dictionary<string, string>? ListKeys(YNode node, string what)
    {
        const string example = "listKeys: {containers: name}";
        var entries = ctx.Values.StrMap(node, what, example);
        if (entries is null) return null;
        foreach (var (k, v) in entries)
        {
            if (k.Value.Any(char.IsWhiteSpace) || k.Value.Contains('*'))
                ctx.Problems.Add(k, $"{what} key '{k.Value}' must be the name of a list field, e.g. {example}");
            if (v.Value.Length == 0 || v.Value.Any(char.IsWhiteSpace) || v.Value.Contains('*'))
                ctx.Problems.Add(v, $"{what}.{k.Value} must name the item field whose value labels the item, e.g. {example}");
        }
        return entries.ToDictionary(t => t.Key.Value, t => t.Value.Value, StringComparer.Ordinal);
    }
}
