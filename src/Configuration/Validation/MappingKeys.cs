namespace KubeApiExporter.Configuration;

/// <summary>
/// Reads the keys of a mapping: unknown, duplicate and non-scalar keys become problems, and an unknown
/// key that looks like a known one is remembered, so that the validator asking for the known key as
/// missing does not say the same thing twice (<see cref="Missing"/>).
/// </summary>
internal sealed class MappingKeys(ProblemList problems)
{
    /// <summary>Mappings whose unknown keys already suggested a known key.</summary>
    private readonly HashSet<(YMapping Map, string Key)> _suggested = [];

    /// <summary>The known keys of <paramref name="map"/> and their values.</summary>
    /// <param name="where">Names the mapping in messages: "" for the top level, else e.g. "resources[0]".</param>
    public Dictionary<string, YNode> Read(YMapping map, string[] known, string where)
    {
        var result = new Dictionary<string, YNode>(StringComparer.Ordinal);
        var keyNodes = new Dictionary<string, YNode>(StringComparer.Ordinal);
        var at = where.Length == 0 ? "" : $" in {where}";
        foreach (var (k, value) in map.Entries)
        {
            if (k is not YScalar { IsNull: false } ks)
            {
                problems.Add(k, $"a key{at} must be a plain name, not {k.Describe()}; known keys are {string.Join(", ", known)}");
                continue;
            }
            var key = ks.Value;
            if (keyNodes.TryGetValue(key, out var firstKey))
            {
                problems.Add(ks, $"duplicate key '{key}'{at} (first at line {firstKey.Line}): keep only one");
                continue;
            }
            keyNodes[key] = ks;
            if (Array.IndexOf(known, key) >= 0)
                result[key] = value;
            else
            {
                if (KeySuggestions.DidYouMean(key, known) is { } suggestion) _suggested.Add((map, suggestion));
                problems.Add(ks, $"unknown key '{key}'{at}: {KeySuggestions.UnknownKeyFix(key, known, where)}");
            }
        }
        return result;
    }

    /// <summary>Whether a required key is missing and no unknown key of the same mapping already suggested it.</summary>
    public bool Missing(YMapping map, Dictionary<string, YNode> keys, string key) =>
        !keys.ContainsKey(key) && !_suggested.Contains((map, key));
}
