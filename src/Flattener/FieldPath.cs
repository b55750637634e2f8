using System.Text;
using System.Text.Json;

namespace KubeApiExporter.Flattener;

/// <summary>
/// A dotted path configured by the user (<c>labels:</c> values, <c>info.each</c>, <c>zeroFill</c>,
/// list key fields), pre-encoded to UTF-8 so resolving it against an object allocates nothing.
/// It walks objects only: a list on the way means "not found".
/// </summary>
internal sealed class FieldPath
{
    private readonly byte[][] _utf8Segments;

    public FieldPath(string dotted)
    {
        Text = dotted;
        Segments = dotted.Split('.');
        _utf8Segments = Segments.Select(Encoding.UTF8.GetBytes).ToArray();
    }

    public string Text { get; }
    public string[] Segments { get; }

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

    /// <summary>The value as a label value: strings as-is (shared through the rules' cache), numbers and booleans as their JSON text, anything else "".</summary>
    public string LabelValue(JsonElement obj, FlattenRules rules)
    {
        if (!TryResolve(obj, out var value))
            return "";
        return value.ValueKind switch
        {
            JsonValueKind.String => rules.SharedLabelValue(value),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => "",
        };
    }
}
