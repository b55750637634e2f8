namespace KubeApiExporter.Configuration;

/// <summary>
/// A map of label name to the string field that supplies its value: a resource's <c>labels:</c> (fields of
/// the object) and an info entry's <c>labels:</c> (fields of each item). One reader, so both refuse the
/// same label names and paths with the same words. The paths' syntax is <see cref="FieldPath.TryParse"/>'s.
/// </summary>
internal static class LabelSources
{
    public static Dictionary<string, string>? Read(ValidationContext ctx, YNode node, string what, string example, bool allowEmpty)
    {
        var entries = ctx.Values.StrMap(node, what, example);
        if (entries is null) return null;
        if (!allowEmpty && entries.Count == 0)
            ctx.Problems.Add(node, $"{what} is empty: add at least one label name -> field, e.g. {example}");
        foreach (var (k, v) in entries)
        {
            if (!NameSyntax.IsLabelName(k.Value))
                ctx.Problems.Add(k, $"label name '{k.Value}' in {what} is not a valid Prometheus label name: use letters, digits and '_', not starting with a digit or '__', e.g. {NameSyntax.Suggest(k.Value).TrimStart('_')}");
            if (!FieldPath.TryParse(v.Value, out _, out var error))
                ctx.Problems.Add(v, $"{what}.{k.Value} {error}, e.g. {example}");
        }
        return entries.ToDictionary(t => t.Key.Value, t => t.Value.Value, StringComparer.Ordinal);
    }
}
