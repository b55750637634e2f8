using System.Text;

namespace KubeApiExporter.Bench.E2e;

/// <summary>The e2e results as a markdown table: measure, value, target, met.</summary>
public sealed class ResultTable
{
    private readonly List<(string Measure, string Value, string Target, string Met)> _rows = [];

    public void Add(string measure, string value, string target = "", bool? met = null) =>
        _rows.Add((measure, value, target, met switch { true => "yes", false => "**no**", null => "" }));

    public string ToMarkdown(string title)
    {
        var s = new StringBuilder();
        s.AppendLine($"### {title}").AppendLine();
        s.AppendLine("| measure | value | target | met |");
        s.AppendLine("|---|---|---|---|");
        foreach (var (m, v, t, ok) in _rows)
            s.AppendLine($"| {m} | {v} | {t} | {ok} |");
        return s.ToString();
    }
}
