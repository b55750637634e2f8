namespace KubeApiExporter.Configuration;

/// <summary>
/// Which fields of an object become samples and how they are labelled: <c>include</c> and <c>exclude</c>
/// globs, <c>zeroFill</c> paths, extra <c>labels</c> from string fields, and <c>listKeys</c> (the item field
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
        if (keys.TryGetValue("zeroFill", out var zf) && Paths(zf, $"{where}.zeroFill", "zeroFill: [status.failed, status.succeeded]") is { } zfv)
            r = r with { ZeroFill = zfv };
        if (keys.TryGetValue("labels", out var lab) && LabelSources.Read(ctx, lab, $"{where}.labels", "labels: {node: spec.nodeName}", allowEmpty: true) is { } labv)
            r = r with { Labels = labv };
        if (keys.TryGetValue("listKeys", out var lk) && ListKeys(lk, $"{where}.listKeys") is { } lkv)
            r = r with { ListKeys = lkv };
        return r;
    }

    /// <summary>A list of field globs, each checked by <see cref="FieldGlob.TryParse"/>, the parser the flattener matches with.</summary>
    private List<string>? Globs(YNode node, string what, string example) =>
        CheckedList(node, what, example, value => FieldGlob.TryParse(value, out _, out var error) ? null : $"{what}: {error}");

    /// <summary>
    /// A list of plain field paths, each checked by <see cref="FieldPath.TryParse"/>. zeroFill names the
    /// fields to fill one by one (the flattener resolves and names each path literally), so a glob such as
    /// 'status.*' is refused rather than exported as a field called '*'.
    /// </summary>
    private List<string>? Paths(YNode node, string what, string example) =>
        CheckedList(node, what, example, value => FieldPath.TryParse(value, out _, out var error) ? null : $"{what} entry {error}, e.g. {example}");

    /// <summary>A list of strings, each entry's problem (if any) reported at the entry.</summary>
    private List<string>? CheckedList(YNode node, string what, string example, Func<string, string?> problemOf)
    {
        var list = ctx.Values.StrList(node, what, example);
        if (list is null) return null;
        foreach (var (value, s) in list)
            if (problemOf(value) is { } problem)
                ctx.Problems.Add(s, problem);
        return list.Select(t => t.Value).ToList();
    }

    /// <summary>
    /// List field -> item field. The item field is a <see cref="FieldPath"/> resolved in each item, so it
    /// must parse as one; the list field is matched against a node's name or dotted path as written.
    /// </summary>
    private Dictionary<string, string>? ListKeys(YNode node, string what)
    {
        const string example = "listKeys: {containers: name}";
        var entries = ctx.Values.StrMap(node, what, example);
        if (entries is null) return null;
        foreach (var (k, v) in entries)
        {
            if (k.Value.Any(char.IsWhiteSpace) || k.Value.Contains('*'))
                ctx.Problems.Add(k, $"{what} key '{k.Value}' must be the name of a list field, e.g. {example}");
            if (!FieldPath.TryParse(v.Value, out _, out _))
                ctx.Problems.Add(v, $"{what}.{k.Value} must name the item field whose value labels the item, e.g. {example}");
        }
        return entries.ToDictionary(t => t.Key.Value, t => t.Value.Value, StringComparer.Ordinal);
    }
}
