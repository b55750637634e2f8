using System.Buffers;
using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KubeApiExporter.Host.Cli;

/// <summary>
/// Reads what <c>kubectl get</c> prints: <c>-o json</c> (one object or a List), or <c>-o yaml</c> (the
/// same as YAML) and multi-document YAML streams separated by <c>---</c>. Returns one JSON document per
/// input document; the caller expands each List's <c>items</c>.
/// </summary>
internal static class KubectlInput
{
    /// <exception cref="InvalidDataException">The input is neither JSON nor YAML of objects; the message says where.</exception>
    public static async Task<List<JsonDocument>> ReadAsync(Stream input)
    {
        using var reader = new StreamReader(input, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var text = await reader.ReadToEndAsync();
        var start = text.AsSpan().TrimStart();
        if (start.Length == 0)
            throw new InvalidDataException("the input is empty");
        if (start[0] is '{' or '[')
        {
            try
            {
                return [JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 256 })];
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"invalid JSON: {e.Message}");
            }
        }
        return FromYaml(text);
    }

    private static List<JsonDocument> FromYaml(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet throws this (without a position) for some unclosed flow collections.
            throw new InvalidDataException($"invalid YAML: {e.Message}");
        }
        var documents = new List<JsonDocument>();
        var number = 0;
        foreach (var document in stream.Documents)
        {
            number++;
            var root = document.RootNode;
            if (root is YamlScalarNode { Value: null or "" } or YamlScalarNode { Value: "~" or "null" })
                continue; // an empty document, e.g. after a trailing ---
            if (root is not YamlMappingNode)
            {
                var what = root is YamlSequenceNode ? "a list" : $"the text '{Shorten(((YamlScalarNode)root).Value ?? "")}'";
                throw new InvalidDataException($"YAML document {number} (line {root.Start.Line}) is {what}, not a Kubernetes object");
            }
            var buffer = new ArrayBufferWriter<byte>();
            using (var json = new Utf8JsonWriter(buffer))
                YamlToJson.Write(json, root);
            documents.Add(JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = 256 }));
        }
        if (documents.Count == 0)
            throw new InvalidDataException("the input holds no objects");
        return documents;
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "...";
}
