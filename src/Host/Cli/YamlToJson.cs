using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KubeApiExporter.Host.Cli;

/// <summary>
/// Writes a YAML node as JSON the way the API server reads YAML (YAML 1.2 core schema, as
/// sigs.k8s.io/yaml resolves it for kubectl): a quoted or block scalar is a string; a plain one is
/// null, a boolean, an integer or a float when it looks like one, else a string. kubectl quotes every
/// string that would resolve otherwise ("1", "true", timestamps), so its -o yaml round-trips.
/// </summary>
internal static partial class YamlToJson
{
    [GeneratedRegex("^[-+]?[0-9]+$")] private static partial Regex DecimalInt();
    [GeneratedRegex("^0x[0-9a-fA-F]+$")] private static partial Regex HexInt();
    [GeneratedRegex("^0o[0-7]+$")] private static partial Regex OctalInt();
    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")] private static partial Regex Float();

    public static void Write(Utf8JsonWriter json, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                json.WriteStartObject();
                foreach (var (key, value) in mapping.Children)
                {
                    json.WritePropertyName(key is YamlScalarNode k ? k.Value ?? "" : key.ToString());
                    Write(json, value);
                }
                json.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                json.WriteStartArray();
                foreach (var item in sequence.Children)
                    Write(json, item);
                json.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                WriteScalar(json, scalar);
                break;
            default:
                json.WriteNullValue();
                break;
        }
    }

    private static void WriteScalar(Utf8JsonWriter json, YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            json.WriteStringValue(text);
            return;
        }
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                json.WriteNullValue();
                return;
            case "true" or "True" or "TRUE":
                json.WriteBooleanValue(true);
                return;
            case "false" or "False" or "FALSE":
                json.WriteBooleanValue(false);
                return;
        }
        if (DecimalInt().IsMatch(text))
        {
            // Written as the digits themselves: a JSON number of any size, as the API server sends it
            // (JSON allows no leading '+' or zeros).
            var negative = text[0] == '-';
            var digits = text.TrimStart('+', '-').TrimStart('0');
            json.WriteRawValue((negative && digits.Length > 0 ? "-" : "") + (digits.Length == 0 ? "0" : digits));
            return;
        }
        if (HexInt().IsMatch(text) && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            json.WriteNumberValue(hex);
            return;
        }
        if (OctalInt().IsMatch(text))
        {
            json.WriteNumberValue(Convert.ToInt64(text[2..], 8));
            return;
        }
        if (Float().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            json.WriteNumberValue(number);
            return;
        }
        // .inf and .nan have no JSON form; everything else is a string.
        json.WriteStringValue(text);
    }
}
