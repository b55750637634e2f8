namespace KubeApiExporter.Configuration;

/// <summary>
/// The metrics of an object's metadata maps: <c>labelsMetric</c> (true, false, or an allowlist of label
/// keys) and <c>annotationsMetric</c> (an allowlist of annotation keys). Keys are checked by
/// <see cref="KeyGlob.TryParse"/>, the parser the flattener matches with.
/// </summary>
internal sealed class MetadataMetricsValidator(ValidationContext ctx) : IResourceValidator
{
    public ResourceConfig Apply(ResourceEntry entry, ResourceConfig r)
    {
        if (entry.Keys.TryGetValue("labelsMetric", out var lm))
            r = LabelsMetric(lm, $"{entry.Where}.labelsMetric", r);
        if (entry.Keys.TryGetValue("annotationsMetric", out var am)
            && KeyGlobs(am, $"{entry.Where}.annotationsMetric", "annotationsMetric: [argocd.argoproj.io/sync-wave, \"example.com/*\"]") is { } amv)
            r = r with { AnnotationsMetric = amv };
        return r;
    }

    /// <summary><c>labelsMetric: true|false</c>, or a list of label keys/globs: the labels metric with only those labels.</summary>
    private ResourceConfig LabelsMetric(YNode node, string what, ResourceConfig r)
    {
        const string expected = "true, false or a list of label keys (globs with '*'), e.g. labelsMetric: [app, \"app.kubernetes.io/*\"]";
        if (node is YSequence)
        {
            if (KeyGlobs(node, what, "labelsMetric: [app, \"app.kubernetes.io/*\"]") is not { } keys)
                return r;
            if (keys.Count == 0)
                ctx.Problems.Add(node, $"{what} is an empty list: list the label keys to export, e.g. labelsMetric: [app], or write labelsMetric: false");
            return r with { LabelsMetric = keys.Count > 0, LabelsMetricKeys = keys };
        }
        if (node is YScalar { IsNull: false } s && YamlValues.TryBool(s.Value, out var all))
            return r with { LabelsMetric = all };
        ctx.Values.TypeError(node, what, expected);
        return r;
    }

    private List<string>? KeyGlobs(YNode node, string what, string example)
    {
        var list = ctx.Values.StrList(node, what, example);
        if (list is null) return null;
        var seen = new Dictionary<string, YScalar>(StringComparer.Ordinal);
        foreach (var (value, s) in list)
        {
            if (!KeyGlob.TryParse(value, out _, out var error))
                ctx.Problems.Add(s, $"{what}: {error}");
            else if (seen.TryGetValue(value, out var first))
                ctx.Problems.Add(s, $"{what}: '{value}' is listed twice (first at line {first.Line}): remove one");
            else
                seen[value] = s;
        }
        return list.Select(t => t.Value).ToList();
    }
}
