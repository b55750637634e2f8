namespace KubeApiExporter.Configuration;

/// <summary>
/// <c>states:</c>, string fields exported as a label on a one-valued series: field path -> label name,
/// or -> <c>{label, values}</c> for a state set (README, "states: entries").
/// </summary>
internal sealed class StatesValidator(ValidationContext ctx) : IResourceValidator
{
    private const string SetExample = "{label: phase, values: [Pending, Running, Succeeded, Failed, Unknown]}";

    public ResourceConfig Apply(ResourceEntry entry, ResourceConfig r) =>
        entry.Keys.TryGetValue("states", out var st) && States(st, $"{entry.Where}.states") is { } stv
            ? r with { States = stv }
            : r;

    private Dictionary<string, StateConfig>? States(YNode node, string what)
    {
        const string example = "states: {status.phase: phase}";
        if (node is not YMapping map)
        {
            ctx.Values.TypeError(node, what, $"a mapping of string field path -> label name, e.g. {example}");
            return null;
        }
        var result = new Dictionary<string, StateConfig>(StringComparer.Ordinal);
        var seen = new Dictionary<string, YScalar>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Entries)
        {
            if (k is not YScalar { IsNull: false } ks)
            {
                ctx.Problems.Add(k, $"keys of {what} must be dotted field paths, e.g. {example}; got {k.Describe()}");
                continue;
            }
            var path = ks.Value;
            if (seen.TryGetValue(path, out var first))
            {
                ctx.Problems.Add(ks, $"duplicate key '{path}' in {what} (first at line {first.Line}): keep only one");
                continue;
            }
            seen[path] = ks;
            if (!FieldPath.TryParse(path, out _, out var error))
                ctx.Problems.Add(ks, $"{what} key {error}, e.g. {example} (lists on the way need no index: status.containerStatuses.state.waiting.reason)");
            if (State(v, $"{what}.{path}") is { } state)
                result[path] = state;
        }
        return result;
    }

    private StateConfig? State(YNode node, string what)
    {
        if (node is YScalar { IsNull: false } s)
            return StateLabel(s, what) ? new StateConfig { Label = s.Value } : null;
        if (node is not YMapping map)
        {
            ctx.Values.TypeError(node, what, $"a label name (e.g. phase) or a state set {SetExample}");
            return null;
        }
        var keys = ctx.Keys.Read(map, ConfigKeys.State, what);
        var state = new StateConfig();
        var ok = true;
        if (ctx.Keys.Missing(map, keys, "label"))
        {
            ctx.Problems.Add(map, $"{what} is missing 'label': add the label that carries the value, e.g. {SetExample}");
            ok = false;
        }
        else if (keys.TryGetValue("label", out var l))
        {
            if (l is YScalar { IsNull: false } ls && StateLabel(ls, $"{what}.label"))
                state = state with { Label = ls.Value };
            else
            {
                if (l is not YScalar { IsNull: false }) ctx.Problems.Add(l, $"{what}.label must be a label name, e.g. {SetExample}; got {l.Describe()}");
                ok = false;
            }
        }
        if (keys.TryGetValue("values", out var vn))
        {
            var values = ctx.Values.StrList(vn, $"{what}.values", "values: [Pending, Running, Succeeded, Failed, Unknown]");
            if (values is null)
                ok = false;
            else if (values.Count == 0)
            {
                ctx.Problems.Add(vn, $"{what}.values is empty: list the possible values, e.g. {SetExample}, or write just the label name for the current value only");
                ok = false;
            }
            else
            {
                var seenValues = new Dictionary<string, YScalar>(StringComparer.Ordinal);
                foreach (var (value, vs) in values)
                {
                    if (seenValues.TryGetValue(value, out var firstValue))
                    {
                        ctx.Problems.Add(vs, $"{what}.values lists '{value}' twice (first at line {firstValue.Line}): remove one");
                        ok = false;
                    }
                    else
                        seenValues[value] = vs;
                }
                state = state with { Values = values.Select(t => t.Value).ToList() };
            }
        }
        return ok ? state : null;
    }

    /// <summary>The state's label sits beside the object's identity labels, so it must not be one of them.</summary>
    private bool StateLabel(YScalar label, string what)
    {
        var name = label.Value;
        if (!NameSyntax.IsLabelName(name))
        {
            ctx.Problems.Add(label, $"{what}: label name '{name}' is not a valid Prometheus label name: use letters, digits and '_', not starting with a digit or '__', e.g. {NameSyntax.Suggest(name).TrimStart('_')}");
            return false;
        }
        if (name is ObjectIdentityLabels.Name or ObjectIdentityLabels.Namespace)
        {
            ctx.Problems.Add(label, $"{what}: label '{name}' would clash with the object's own '{name}' label: pick another, e.g. phase or reason");
            return false;
        }
        return true;
    }
}
