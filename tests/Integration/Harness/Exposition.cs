using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace KubeApiExporter.Tests.Integration.Harness;

/// <summary>
/// A strict parser of the Prometheus text format 0.0.4: malformed lines, bad names, bad escapes,
/// unparsable values, duplicate series and split families all throw. Then simple queries.
/// </summary>
public sealed partial class Exposition
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, string Line);

    private Exposition(IReadOnlyList<Sample> samples, IReadOnlyDictionary<string, string> help) { Samples = samples; Help = help; }

    public IReadOnlyList<Sample> Samples { get; }
    public IReadOnlyDictionary<string, string> Help { get; }

    public static Exposition Parse(string text)
    {
        var samples = new List<Sample>();
        var help = new Dictionary<string, string>();
        var seen = new HashSet<string>();
        var closedFamilies = new HashSet<string>();
        string? currentFamily = null;
        var lineNo = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNo++;
            if (line.Length == 0)
                continue;
            if (line.StartsWith('#'))
            {
                var m = CommentLine().Match(line);
                if (!m.Success)
                {
                    if (line.StartsWith("# HELP") || line.StartsWith("# TYPE"))
                        throw new FormatException($"line {lineNo}: malformed {line[..6]} line: {line}");
                    continue;
                }
                var family = m.Groups[2].Value;
                if (m.Groups[1].Value == "HELP")
                    help[family] = m.Groups[3].Value;
                if (family != currentFamily)
                {
                    if (currentFamily is not null)
                        closedFamilies.Add(currentFamily);
                    if (closedFamilies.Contains(family))
                        throw new FormatException($"line {lineNo}: family {family} appears twice (its lines must be grouped)");
                    currentFamily = family;
                }
                continue;
            }
            var sample = ParseSample(line, lineNo);
            var key = sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Value}")) + "}";
            if (!seen.Add(key))
                throw new FormatException($"line {lineNo}: duplicate series {key}");
            samples.Add(sample);
        }
        return new Exposition(samples, help);
    }

    private static Sample ParseSample(string line, int lineNo)
    {
        var m = SampleStart().Match(line);
        if (!m.Success)
            throw new FormatException($"line {lineNo}: bad metric name: {line}");
        var name = m.Value;
        var i = name.Length;
        var labels = new Dictionary<string, string>();
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var ln = LabelName().Match(line, i);
                if (!ln.Success || ln.Index != i)
                    throw new FormatException($"line {lineNo}: bad label name at column {i + 1}: {line}");
                i += ln.Length;
                if (line[i] != '=' || line[i + 1] != '"')
                    throw new FormatException($"line {lineNo}: expected =\" at column {i + 1}: {line}");
                i += 2;
                var value = new StringBuilder();
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        value.Append(line[i + 1] switch
                        {
                            '\\' => '\\', '"' => '"', 'n' => '\n',
                            _ => throw new FormatException($"line {lineNo}: bad escape \\{line[i + 1]}: {line}"),
                        });
                        i += 2;
                    }
                    else
                    {
                        value.Append(line[i++]);
                    }
                }
                i++;
                if (!labels.TryAdd(ln.Value, value.ToString()))
                    throw new FormatException($"line {lineNo}: label {ln.Value} twice: {line}");
                if (line[i] == ',')
                    i++;
            }
            i++;
        }
        if (i >= line.Length || line[i] != ' ')
            throw new FormatException($"line {lineNo}: expected a space before the value: {line}");
        var parts = line[(i + 1)..].Split(' ');
        if (parts.Length is < 1 or > 2 || !TryParseValue(parts[0], out var v))
            throw new FormatException($"line {lineNo}: bad value '{line[(i + 1)..]}': {line}");
        return new Sample(name, labels, v, line);
    }

    private static bool TryParseValue(string s, out double v)
    {
        switch (s)
        {
            case "+Inf": v = double.PositiveInfinity; return true;
            case "-Inf": v = double.NegativeInfinity; return true;
            case "NaN": v = double.NaN; return true;
        }
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v);
    }

    /// <summary>Samples of <paramref name="name"/> whose labels include every given pair.</summary>
    public IEnumerable<Sample> Find(string name, params (string Label, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value));

    /// <summary>The value of the single matching sample, or null when there is none.</summary>
    public double? Value(string name, params (string Label, string Value)[] labels)
    {
        var found = Find(name, labels).ToList();
        return found.Count switch
        {
            0 => null,
            1 => found[0].Value,
            _ => throw new InvalidOperationException($"{found.Count} samples of {name} match: {string.Join(" | ", found.Select(f => f.Line))}"),
        };
    }

    /// <summary>Sum over matching samples (for counters split by other labels).</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) => Find(name, labels).Sum(s => s.Value);

    public bool Has(string name, params (string Label, string Value)[] labels) => Find(name, labels).Any();

    public bool HasLine(string line) => Samples.Any(s => s.Line == line);

    public string ObjectSeriesText() =>
        string.Join('\n', Samples.Where(s => !s.Name.StartsWith("kube_api_exporter_") && !s.Name.StartsWith("dotnet_") && !s.Name.StartsWith("process_") && !s.Name.StartsWith("prometheus_net")).Select(s => s.Line).Take(200));

    [GeneratedRegex(@"^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) ?(.*)$")]
    private static partial Regex CommentLine();

    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex SampleStart();

    [GeneratedRegex(@"[a-zA-Z_][a-zA-Z0-9_]*")]
    private static partial Regex LabelName();
}
