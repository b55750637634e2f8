using System.Text;

namespace KubeApiExporter.Flattener;

/// <summary>
/// Sanitising of metric and label names to <c>[a-zA-Z_][a-zA-Z0-9_]*</c> (README, "Metric naming"). Keys come from
/// arbitrary JSON (CRDs, label keys such as <c>app.kubernetes.io/name</c>), so every other character
/// becomes <c>_</c>, one per Unicode scalar so that a surrogate pair does not turn into two.
/// Only called on cache misses; the hot path reuses the results.
/// </summary>
internal static class PrometheusName
{
    public static string Sanitize(string text)
    {
        if (text.Length == 0)
            return "_";
        if (IsValid(text))
            return text;
        var sb = new StringBuilder(text.Length + 1);
        if (char.IsAsciiDigit(text[0]))
            sb.Append('_');
        foreach (var rune in text.EnumerateRunes())
            sb.Append(rune.IsAscii && IsNameChar((char)rune.Value) ? (char)rune.Value : '_');
        return sb.ToString();
    }

    /// <summary>Sanitises each part and joins with '_'; the leading-digit rule applies to the whole name only.</summary>
    public static string Join(string first, IEnumerable<string> rest)
    {
        var sb = new StringBuilder(Sanitize(first));
        foreach (var part in rest)
        {
            sb.Append('_');
            AppendPart(sb, part);
        }
        return sb.ToString();
    }

    /// <summary>Appends a name part that is not at the start of a name (a leading digit is fine there).</summary>
    public static void AppendPart(StringBuilder sb, string part)
    {
        foreach (var rune in part.EnumerateRunes())
            sb.Append(rune.IsAscii && IsNameChar((char)rune.Value) ? (char)rune.Value : '_');
    }

    private static bool IsValid(string text)
    {
        if (char.IsAsciiDigit(text[0]))
            return false;
        foreach (var c in text)
            if (!IsNameChar(c))
                return false;
        return true;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
