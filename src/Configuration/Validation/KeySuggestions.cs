namespace KubeApiExporter.Configuration;

/// <summary>
/// What to tell a user about an unknown key: the known key they probably meant (a typo, another case),
/// or where the key belongs when it is written at the wrong level.
/// </summary>
internal static class KeySuggestions
{
    /// <param name="where">The mapping the key is in: "" for the top level, "resources[0]", "resources[0].info[1]", ...</param>
    public static string UnknownKeyFix(string key, string[] known, string where)
    {
        var isResource = where.StartsWith("resources[", StringComparison.Ordinal) && !where.Contains(".info[");
        if (isResource && key.Equals("namespace", StringComparison.OrdinalIgnoreCase) || isResource && key.Equals("namespaces", StringComparison.OrdinalIgnoreCase))
            return "namespaces cannot be chosen per resource: list them in the top-level 'namespaces:' (applies to every resource); 'namespaced: false' marks a cluster-scoped kind";
        if (DidYouMean(key, known) is { } suggestion)
            return $"did you mean '{suggestion}'?";
        if (where.Length == 0 && DidYouMean(key, ConfigKeys.Resource) is { } rk)
            return $"'{rk}' belongs inside an entry of resources:, e.g. resources: [{{name: pod, {rk}: ...}}]";
        if (isResource && DidYouMean(key, ConfigKeys.Top) is { } tk)
            return $"'{tk}' is a top-level key: move it out of resources:, unindented";
        return $"known keys here are {string.Join(", ", known)}";
    }

    /// <summary>The known key that differs only in case or by at most 2 edits (1 for short keys), if any.</summary>
    public static string? DidYouMean(string key, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var k in known)
        {
            if (k.Equals(key, StringComparison.OrdinalIgnoreCase))
                return k;
            var d = EditDistance(key.ToLowerInvariant(), k.ToLowerInvariant());
            var limit = Math.Min(k.Length, key.Length) <= 3 ? 1 : 2;
            if (d <= limit && d < bestDistance)
            {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions, adjacent transpositions.</summary>
    public static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
        {
            var cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }
}
