using System.Text.Json;

namespace KubeApiExporter.KubeApiServer;

/// <summary>
/// The fieldSelector query parameter: comma-separated path=value, path==value, path!=value.
/// The real server accepts only a few paths per kind (metadata.name, metadata.namespace,
/// spec.nodeName for pods, ...); this one accepts any dotted path and compares its value as
/// a string (missing = ""), which is a superset and keeps the server generic.
/// </summary>
internal sealed class FieldSelector
{
    private readonly List<(string[] Path, string Value, bool Equal)> _requirements = [];

    public static readonly FieldSelector Everything = new();

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return Everything;
        var selector = new FieldSelector();
        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            var (op, at) = term.IndexOf("!=", StringComparison.Ordinal) is var ne and >= 0 ? ("!=", ne)
                : term.IndexOf("==", StringComparison.Ordinal) is var eq and >= 0 ? ("==", eq)
                : ("=", term.IndexOf('='));
            if (at <= 0)
                throw ApiError.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            selector._requirements.Add((term[..at].Trim().Split('.'), term[(at + op.Length)..].Trim(), op != "!="));
        }
        return selector;
    }

    public bool Matches(JsonElement obj) =>
        _requirements.TrueForAll(r => (ValueAt(obj, r.Path) == r.Value) == r.Equal);

    private static string ValueAt(JsonElement element, string[] path)
    {
        foreach (var segment in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out element))
                return "";
        }
        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString()!,
            JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null or JsonValueKind.Undefined => "",
            _ => element.GetRawText(),
        };
    }
}
