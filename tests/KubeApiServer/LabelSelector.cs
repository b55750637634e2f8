using System.Text.RegularExpressions;

namespace KubeApiExporter.KubeApiServer;

/// <summary>
/// The labelSelector query parameter: comma-separated requirements that must all hold —
/// k=v, k==v, k!=v, k (exists), !k (absent), k in (a,b), k notin (a,b).
/// </summary>
internal sealed partial class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _requirements = [];

    public static readonly LabelSelector Everything = new();

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.TrueForAll(r => r(labels));

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return Everything;
        var selector = new LabelSelector();
        foreach (var term in SplitOutsideParentheses(text))
            selector._requirements.Add(ParseRequirement(term.Trim(), text));
        return selector;
    }

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseRequirement(string term, string whole)
    {
        var set = SetRequirement().Match(term);
        if (set.Success)
        {
            var key = set.Groups["key"].Value;
            var values = set.Groups["values"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();
            return set.Groups["op"].Value == "in"
                ? l => l.TryGetValue(key, out var v) && values.Contains(v)
                : l => !l.TryGetValue(key, out var v) || !values.Contains(v);
        }
        foreach (var op in new[] { "!=", "==", "=" })
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at < 0)
                continue;
            var key = CheckKey(term[..at].Trim(), whole);
            var value = term[(at + op.Length)..].Trim();
            return op == "!="
                ? l => !l.TryGetValue(key, out var v) || v != value
                : l => l.TryGetValue(key, out var v) && v == value;
        }
        if (term.StartsWith('!'))
        {
            var key = CheckKey(term[1..].Trim(), whole);
            return l => !l.ContainsKey(key);
        }
        var existing = CheckKey(term, whole);
        return l => l.ContainsKey(existing);
    }

    private static string CheckKey(string key, string whole) =>
        LabelKey().IsMatch(key) ? key : throw ApiError.BadRequest($"unable to parse requirement: invalid label key \"{key}\" in selector \"{whole}\"");

    private static IEnumerable<string> SplitOutsideParentheses(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }

    [GeneratedRegex(@"^(?<key>\S+)\s+(?<op>in|notin)\s*\((?<values>[^)]*)\)$")]
    private static partial Regex SetRequirement();

    [GeneratedRegex(@"^([a-zA-Z0-9.\-]+/)?[a-zA-Z0-9]([a-zA-Z0-9_.\-]*[a-zA-Z0-9])?$")]
    private static partial Regex LabelKey();
}
