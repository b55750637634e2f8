using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace KubeApiExporter.Tests.Shared;

/// <summary>
/// A strict parser of the Prometheus text format 0.0.4 (<see cref="Parse"/>) and of OpenMetrics 1.0
/// text (<see cref="ParseOpenMetrics"/>) for assertions, shared by the unit and integration tests,
/// plus simple queries over the result. Everything below throws <see cref="FormatException"/>:
/// <list type="bullet">
/// <item>text that does not end with a newline (0.0.4), or with a single final <c># EOF</c>
/// (OpenMetrics, where blank lines are also refused);</item>
/// <item>comment lines other than well-formed <c># HELP name text</c> and <c># TYPE name type</c>
/// (and <c># UNIT name unit</c> in OpenMetrics) with a type of the format, a HELP text with an
/// escape the format does not define, a second HELP, TYPE or UNIT for a family, a TYPE or UNIT
/// after the family's samples;</item>
/// <item>bad metric or label names, a label twice, bad label value escapes, truncated or malformed
/// label sets;</item>
/// <item>unparsable values or timestamps (exemplars are not supported);</item>
/// <item>duplicate series (same name and label set);</item>
/// <item>samples outside their family's HELP/TYPE block (only the suffixes of the family's type
/// belong to it, e.g. a histogram's <c>_bucket</c>, <c>_sum</c>, <c>_count</c>, an OpenMetrics
/// counter's <c>_total</c>) and families that appear twice.</item>
/// </list>
/// </summary>
public sealed partial class Exposition
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, string Line)
    {
        /// <summary>Name, labels sorted by name, and value: compares samples whatever the label order.</summary>
        public string Canonical => $"{Name}{{{string.Join(",", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\""))}}} {Value.ToString("R", CultureInfo.InvariantCulture)}";
    }

    private Exposition(IReadOnlyList<Sample> samples, IReadOnlyList<string> families, IReadOnlyDictionary<string, string> help, IReadOnlyDictionary<string, string> types)
    {
        Samples = samples;
        Families = families;
        Help = help;
        Types = types;
    }

    /// <summary>Every sample, in order.</summary>
    public IReadOnlyList<Sample> Samples { get; }

    /// <summary>Family names in order of appearance.</summary>
    public IReadOnlyList<string> Families { get; }

    /// <summary>HELP text per family, as written (escapes not undone).</summary>
    public IReadOnlyDictionary<string, string> Help { get; }

    /// <summary>TYPE per family.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    private static readonly HashSet<string> TextTypes = ["counter", "gauge", "histogram", "summary", "untyped"];
    private static readonly HashSet<string> OpenMetricsTypes = ["counter", "gauge", "histogram", "gaugehistogram", "stateset", "info", "summary", "unknown"];

    /// <summary>Parses Prometheus text format 0.0.4.</summary>
    public static Exposition Parse(string text) => Parse(text, openMetrics: false);

    /// <summary>Parses OpenMetrics 1.0 text (without exemplars).</summary>
    public static Exposition ParseOpenMetrics(string text)
    {
        var body = text.EndsWith("# EOF\n", StringComparison.Ordinal) ? text[..^"# EOF\n".Length]
            : text.EndsWith("# EOF", StringComparison.Ordinal) ? text[..^"# EOF".Length]
            : throw new FormatException("OpenMetrics exposition does not end with # EOF");
        return Parse(body, openMetrics: true);
    }

    private static Exposition Parse(string text, bool openMetrics)
    {
        if (text.Length > 0 && !text.EndsWith('\n'))
            throw new FormatException(openMetrics ? "# EOF does not start a line" : "exposition does not end with a newline");
        var knownTypes = openMetrics ? OpenMetricsTypes : TextTypes;
        var lines = text.Split('\n');
        var samples = new List<Sample>();
        var families = new List<string>();
        var help = new Dictionary<string, string>(StringComparer.Ordinal);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var units = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        var currentHasSamples = false;
        var lineNo = 0;
        foreach (var line in lines.AsSpan(0, lines.Length - 1)) // the last is the empty rest after the final newline
        {
            lineNo++;
            if (line.Length == 0)
            {
                if (openMetrics)
                    throw new FormatException($"line {lineNo}: blank line (not allowed in OpenMetrics)");
                continue;
            }
            if (line.StartsWith('#'))
            {
                var m = CommentLine().Match(line);
                if (!m.Success || (!openMetrics && m.Groups[1].Value == "UNIT"))
                    throw new FormatException($"line {lineNo}: malformed comment (only # HELP name text and # TYPE name type{(openMetrics ? " and # UNIT name unit" : "")}): {line}");
                var family = m.Groups[2].Value;
                if (family != current)
                {
                    if (families.Contains(family))
                        throw new FormatException($"line {lineNo}: family {family} appears twice (its lines must be grouped)");
                    families.Add(family);
                    current = family;
                    currentHasSamples = false;
                }
                var rest = m.Groups[3].Value;
                if (m.Groups[1].Value == "HELP")
                {
                    CheckHelpEscapes(rest, openMetrics, line, lineNo);
                    if (!help.TryAdd(family, rest))
                        throw new FormatException($"line {lineNo}: second HELP for {family}");
                }
                else if (m.Groups[1].Value == "UNIT")
                {
                    if (rest.Length > 0 && !family.EndsWith("_" + rest, StringComparison.Ordinal))
                        throw new FormatException($"line {lineNo}: family {family} does not end with its unit {rest}");
                    if (currentHasSamples)
                        throw new FormatException($"line {lineNo}: UNIT for {family} after its samples");
                    if (!units.TryAdd(family, rest))
                        throw new FormatException($"line {lineNo}: second UNIT for {family}");
                }
                else
                {
                    if (!knownTypes.Contains(rest))
                        throw new FormatException($"line {lineNo}: unknown type '{rest}': {line}");
                    if (currentHasSamples)
                        throw new FormatException($"line {lineNo}: TYPE for {family} after its samples");
                    if (!types.TryAdd(family, rest))
                        throw new FormatException($"line {lineNo}: second TYPE for {family}");
                }
                continue;
            }
            var sample = ParseSample(line, openMetrics, lineNo);
            if (current is null || !BelongsTo(sample.Name, current, types.GetValueOrDefault(current), openMetrics))
                throw new FormatException($"line {lineNo}: sample of {sample.Name} outside its family block (current family {current ?? "none"})");
            currentHasSamples = true;
            if (!seen.Add(SeriesKey(sample)))
                throw new FormatException($"line {lineNo}: duplicate series {line}");
            samples.Add(sample);
        }
        return new Exposition(samples, families, help, types);
    }

    /// <summary>Whether a sample named <paramref name="name"/> is part of <paramref name="family"/>.</summary>
    private static bool BelongsTo(string name, string family, string? type, bool openMetrics)
    {
        if (!name.StartsWith(family, StringComparison.Ordinal))
            return false;
        var suffix = name[family.Length..];
        if (!openMetrics)
        {
            return (type, suffix) switch
            {
                (_, "") => true,
                ("histogram", "_bucket" or "_sum" or "_count") => true,
                ("summary", "_sum" or "_count") => true,
                _ => false,
            };
        }
        return (type ?? "unknown", suffix) switch
        {
            ("counter", "_total" or "_created") => true,
            ("gauge" or "unknown" or "stateset", "") => true,
            ("info", "_info") => true,
            ("histogram", "_bucket" or "_sum" or "_count" or "_created") => true,
            ("gaugehistogram", "_bucket" or "_gsum" or "_gcount") => true,
            ("summary", "" or "_sum" or "_count" or "_created") => true,
            _ => false,
        };
    }

    /// <summary>Name and label set, label values escaped so that distinct series never share a key.</summary>
    private static string SeriesKey(Sample sample) =>
        sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal)
            .Select(l => $"{l.Key}=\"{l.Value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n")}\"")) + "}";

    /// <summary>0.0.4 HELP knows \\ and \n; OpenMetrics also \".</summary>
    private static void CheckHelpEscapes(string helpText, bool openMetrics, string line, int lineNo)
    {
        for (var i = 0; i < helpText.Length; i++)
        {
            if (helpText[i] != '\\')
                continue;
            if (i + 1 >= helpText.Length || !(helpText[i + 1] is '\\' or 'n' || (openMetrics && helpText[i + 1] == '"')))
                throw new FormatException($"line {lineNo}: bad HELP escape \\{(i + 1 < helpText.Length ? helpText[i + 1] : "")}: {line}");
            i++;
        }
    }

    private static Sample ParseSample(string line, bool openMetrics, int lineNo)
    {
        var m = MetricName().Match(line);
        if (!m.Success)
            throw new FormatException($"line {lineNo}: bad metric name: {line}");
        var name = m.Value;
        var i = name.Length;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            if (line[i] == '{')
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
                                '\\' => '\\',
                                '"' => '"',
                                'n' => '\n',
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
                    else if (line[i] != '}')
                        throw new FormatException($"line {lineNo}: expected , or }} at column {i + 1}: {line}");
                }
                i++;
            }
        }
        catch (IndexOutOfRangeException)
        {
            throw new FormatException($"line {lineNo}: truncated sample: {line}");
        }
        if (i >= line.Length || line[i] != ' ')
            throw new FormatException($"line {lineNo}: expected a space before the value: {line}");
        var parts = line[(i + 1)..].Split(' ');
        if (parts.Length is < 1 or > 2 || !TryParseValue(parts[0], out var v))
            throw new FormatException($"line {lineNo}: bad value '{line[(i + 1)..]}': {line}");
        // 0.0.4 timestamps are integer milliseconds, OpenMetrics ones (float) seconds.
        if (parts.Length == 2 && !(openMetrics ? TryParseValue(parts[1], out _) : long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
            throw new FormatException($"line {lineNo}: bad timestamp '{parts[1]}': {line}");
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
        // No surrounding white space, no thousands separators: the number and nothing else.
        return double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out v);
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

    /// <summary>The first 200 sample lines that are not self-metrics (for failure messages).</summary>
    public string ObjectSeriesText() =>
        string.Join('\n', Samples.Where(s => !s.Name.StartsWith("kube_api_exporter_") && !s.Name.StartsWith("dotnet_") && !s.Name.StartsWith("process_") && !s.Name.StartsWith("prometheus_net")).Select(s => s.Line).Take(200));

    [GeneratedRegex(@"^# (HELP|TYPE|UNIT) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$")]
    private static partial Regex CommentLine();

    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"[a-zA-Z_][a-zA-Z0-9_]*")]
    private static partial Regex LabelName();
}
