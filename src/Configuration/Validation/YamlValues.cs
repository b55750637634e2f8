using System.Globalization;

namespace KubeApiExporter.Configuration;

/// <summary>
/// Reads a YAML value as the type a key needs (string, integer, boolean, list or map of strings). A value
/// of another type is one problem at the value, saying what was expected, and the reader returns null so
/// the key keeps its record default; a key without a value is refused rather than read as null.
/// </summary>
internal sealed class YamlValues(ProblemList problems)
{
    public void TypeError(YNode node, string what, string expected) =>
        problems.Add(node, node is YScalar { IsNull: true }
            ? $"{what} has no value: it must be {expected}; or remove the key to use the default"
            : $"{what} must be {expected}; got {node.Describe()}");

    public string? Str(YNode node, string what, string example, bool required = false)
    {
        if (node is YScalar { IsNull: false } s) return s.Value;
        if (node is YScalar) problems.Add(node, required ? $"{what} has no value: it is required, write e.g. {example}" : $"{what} has no value: write e.g. {example}, or remove the key to use the default");
        else problems.Add(node, $"{what} must be a single string, e.g. {example}; got {node.Describe()}");
        return null;
    }

    public int? Int(YNode node, string what, string expected)
    {
        if (node is YScalar { IsNull: false } s && int.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            return n;
        TypeError(node, what, expected);
        return null;
    }

    public bool? Bool(YNode node, string what)
    {
        if (node is YScalar { IsNull: false } s && TryBool(s.Value, out var b))
            return b;
        TypeError(node, what, "true or false");
        return null;
    }

    /// <summary>The YAML 1.1 spellings users write for booleans, in any case.</summary>
    public static bool TryBool(string text, out bool value)
    {
        switch (text.ToLowerInvariant())
        {
            case "true" or "yes" or "on": value = true; return true;
            case "false" or "no" or "off": value = false; return true;
            default: value = false; return false;
        }
    }

    /// <summary>A list of strings, each with its node so later checks can point at the entry.</summary>
    public List<(string Value, YScalar Node)>? StrList(YNode node, string what, string example)
    {
        if (node is YSequence seq)
        {
            var list = new List<(string, YScalar)>();
            var ok = true;
            foreach (var item in seq.Items)
            {
                if (item is YScalar { IsNull: false } s) list.Add((s.Value, s));
                else
                {
                    problems.Add(item, $"each entry of {what} must be a string, e.g. {example}; got {item.Describe()}");
                    ok = false;
                }
            }
            return ok ? list : null;
        }
        if (node is YScalar { IsNull: false } one)
            problems.Add(node, $"{what} must be a list: write {what[(what.LastIndexOf('.') + 1)..]}: [{one.Value}]");
        else
            TypeError(node, what, $"a list, e.g. {example}");
        return null;
    }

    /// <summary>A mapping of string to string without repeated keys, each entry with its nodes.</summary>
    public List<(YScalar Key, YScalar Value)>? StrMap(YNode node, string what, string example)
    {
        if (node is not YMapping map)
        {
            TypeError(node, what, $"a mapping, e.g. {example}");
            return null;
        }
        var list = new List<(YScalar, YScalar)>();
        var seen = new Dictionary<string, YScalar>(StringComparer.Ordinal);
        var ok = true;
        foreach (var (k, v) in map.Entries)
        {
            if (k is not YScalar { IsNull: false } ks)
            {
                problems.Add(k, $"keys of {what} must be plain names, e.g. {example}; got {k.Describe()}");
                ok = false;
                continue;
            }
            if (seen.TryGetValue(ks.Value, out var first))
            {
                problems.Add(ks, $"duplicate key '{ks.Value}' in {what} (first at line {first.Line}): keep only one");
                ok = false;
                continue;
            }
            seen[ks.Value] = ks;
            if (v is not YScalar { IsNull: false } vs)
            {
                problems.Add(v, $"{what}.{ks.Value} must be a string field path, e.g. {example}; got {v.Describe()}");
                ok = false;
                continue;
            }
            list.Add((ks, vs));
        }
        return ok ? list : null;
    }
}
