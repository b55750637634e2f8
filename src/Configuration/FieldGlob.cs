namespace KubeApiExporter.Configuration;

/// <summary>
/// A field-path glob of <c>include</c>/<c>exclude</c>: dotted segments over the object's own key
/// names (list items add no segment). <c>*</c> inside a segment matches any characters of that one
/// segment (<c>last*Time</c>, <c>*</c>); a whole segment <c>**</c> matches zero or more segments.
/// Matching is case-sensitive, as Kubernetes field names are.
/// </summary>
public sealed class FieldGlob
{
    private readonly string[] _segments;

    private FieldGlob(string text, string[] segments)
    {
        Text = text;
        _segments = segments;
    }

    public string Text { get; }

    /// <summary>Parses a glob; on failure <paramref name="error"/> says what is wrong and how to write it.</summary>
    public static bool TryParse(string text, out FieldGlob? glob, out string error)
    {
        glob = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "empty glob: write a dotted field path such as 'spec.template.**'";
            return false;
        }
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c is '[' or ']' or '{' or '}' or '?')
            {
                error = $"glob '{text}' contains '{c}': only dotted field names with '*' and '**' are supported, e.g. 'status.*Replicas'";
                return false;
            }
        }
        var segments = text.Split('.');
        foreach (var s in segments)
        {
            if (s.Length == 0)
            {
                error = $"glob '{text}' has an empty segment: separate field names with single dots, e.g. 'spec.replicas'";
                return false;
            }
            if (s.Contains("**") && s != "**")
            {
                error = $"glob '{text}': '**' must be a whole segment (e.g. 'spec.**'), not part of '{s}'";
                return false;
            }
        }
        glob = new FieldGlob(text, segments);
        error = "";
        return true;
    }

    public static FieldGlob Parse(string text) =>
        TryParse(text, out var glob, out var error) ? glob! : throw new FormatException(error);

    /// <summary>Whether the whole path matches.</summary>
    public bool Matches(ReadOnlySpan<string> path) => Match(0, path, prefixOnly: false);

    /// <summary>Whether some path starting with <paramref name="prefix"/> (or the prefix itself) could match.</summary>
    public bool CanMatchUnder(ReadOnlySpan<string> prefix) => Match(0, prefix, prefixOnly: true);

    private bool Match(int si, ReadOnlySpan<string> path, bool prefixOnly)
    {
        while (true)
        {
            if (path.IsEmpty)
                return prefixOnly || AllDoubleStars(si);
            if (si == _segments.Length)
                return false;
            var seg = _segments[si];
            if (seg == "**")
            {
                // Zero segments, or swallow one and stay on '**'.
                if (Match(si + 1, path, prefixOnly))
                    return true;
                path = path[1..];
                continue;
            }
            if (!SegmentMatches(seg, path[0]))
                return false;
            si++;
            path = path[1..];
        }
    }

    private bool AllDoubleStars(int si)
    {
        for (var i = si; i < _segments.Length; i++)
            if (_segments[i] != "**")
                return false;
        return true;
    }

    /// <summary>Single-segment wildcard match, '*' = any run of characters.</summary>
    internal static bool SegmentMatches(string pattern, string name)
    {
        if (!pattern.Contains('*'))
            return pattern == name;
        int p = 0, n = 0, star = -1, mark = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = n;
            }
            else if (p < pattern.Length && pattern[p] == name[n])
            {
                p++;
                n++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                n = ++mark;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
            p++;
        return p == pattern.Length;
    }

    public override string ToString() => Text;
}
