using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace KubeApiExporter.Configuration;

/// <summary>
/// A plain dotted field path of exporter.yaml: a <c>labels:</c> value, an info entry's <c>each</c> and
/// <c>labels:</c> values, a <c>states:</c> key, a <c>zeroFill</c> entry, a <c>listKeys</c> item field.
/// The object's own key names joined by dots; list items add no segment; no wildcards (globs are
/// <see cref="FieldGlob"/>). <see cref="TryParse"/> is the one definition of the syntax: the config
/// validator refuses with its error what the flattener could not resolve, and the flattener compiles
/// with <see cref="Parse"/>, so the two cannot disagree.
/// Pre-encoded to UTF-8 so resolving it against an object allocates nothing. It walks objects only:
/// a list on the way means "not found".
/// </summary>
public sealed class FieldPath
{
    private readonly byte[][] _utf8Segments;

    private FieldPath(string text, string[] segments)
    {
        Text = text;
        Segments = segments;
        _utf8Segments = segments.Select(Encoding.UTF8.GetBytes).ToArray();
    }

    public string Text { get; }
    public IReadOnlyList<string> Segments { get; }

    /// <summary>
    /// Parses a path. On failure <paramref name="error"/> is a predicate that reads after the name of the
    /// key holding the path ("resources[0].labels.node " + error), and says how to write it.
    /// </summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out FieldPath? path, out string error)
    {
        path = null;
        if (text.Length == 0)
        {
            error = "is empty: write a dotted field path";
            return false;
        }
        // Glob syntax ('*', '?', braces) would be read as part of a key name and never match, so it is refused, not ignored.
        if (text.Any(c => char.IsWhiteSpace(c) || c is '*' or '?' or '{' or '}'))
        {
            error = $"'{text}' must be a plain dotted field path (no spaces or wildcards)";
            return false;
        }
        if (text.Any(c => c is '[' or ']'))
        {
            error = $"'{text}' has an index: list items add no segment, so leave the index out";
            return false;
        }
        var segments = text.Split('.');
        if (segments.Any(s => s.Length == 0))
        {
            error = $"'{text}' has an empty segment: separate field names with single dots";
            return false;
        }
        path = new FieldPath(text, segments);
        error = "";
        return true;
    }

    /// <summary>Parses a path the config loader has already accepted; anything else is a bug, so it throws.</summary>
    public static FieldPath Parse(string text) =>
        TryParse(text, out var path, out var error) ? path : throw new FormatException($"field path {error}");

    public bool TryResolve(JsonElement obj, out JsonElement value)
    {
        value = obj;
        foreach (var segment in _utf8Segments)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(segment, out value))
                return false;
        }
        return true;
    }

    public override string ToString() => Text;
}
