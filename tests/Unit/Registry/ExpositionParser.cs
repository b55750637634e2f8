using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace KubeApiExporter.Tests.Unit.Registry;

/// <summary>
/// A strict reader of Prometheus text format 0.0.4 for assertions: malformed lines, bad names,
/// bad escapes, unparsable values, duplicate series, samples outside their family's HELP/TYPE
/// block and families that appear twice all throw <see cref="FormatException"/>.
/// </summary>
internal static partial class ExpositionParser
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, string Line)
    {
        /// <summary>Name, labels sorted by name, and value: compares samples whatever the label order.</summary>
        public string Canonical => $"{Name}{{{string.Join(",", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\""))}}} {Value.ToString("R", CultureInfo.InvariantCulture)}";
    }

    public sealed record Document(IReadOnlyList<Sample> Samples, IReadOnlyList<string> Families, IReadOnlyDictionary<string, string> Help, IReadOnlyDictionary<string, string> Types);

    public static Document Parse(string text)
    {
        if (text.Length > 0 && !text.EndsWith('\n'))
            throw new FormatException("exposition does not end with a newline");
        var samples = new List<Sample>();
        var families = new List<string>();
        var help = new Dictionary<string, string>(StringComparer.Ordinal);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
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
                    throw new FormatException($"line {lineNo}: malformed comment: {line}");
                var family = m.Groups[2].Value;
                if (family != current)
                {
                    if (families.Contains(family))
                        throw new FormatException($"line {lineNo}: family {family} appears twice (its lines must be grouped)");
                    families.Add(family);
                    current = family;
                }
                if (m.Groups[1].Value == "HELP")
                {
                    if (!help.TryAdd(family, m.Groups[3].Value))
                        throw new FormatException($"line {lineNo}: second HELP for {family}");
                }
                else
                {
                    if (!types.TryAdd(family, m.Groups[3].Value))
                        throw new FormatException($"line {lineNo}: second TYPE for {family}");
                }
                continue;
            }
            var sample = ParseSample(line, lineNo);
            if (sample.Name != current)
                throw new FormatException($"line {lineNo}: sample of {sample.Name} outside its family block (current family {current ?? "none"})");
            if (!seen.Add(sample.Canonical[..sample.Canonical.LastIndexOf(' ')]))
                throw new FormatException($"line {lineNo}: duplicate series {line}");
            samples.Add(sample);
        }
        return new Document(samples, families, help, types);
    }

    private static Sample ParseSample(string line, int lineNo)
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

    [GeneratedRegex(@"^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$")]
    private static partial Regex CommentLine();

    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"[a-zA-Z_][a-zA-Z0-9_]*")]
    private static partial Regex LabelName();
}
