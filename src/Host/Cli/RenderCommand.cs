using System.Text.Json;
using KubeApiExporter.Configuration;
using KubeApiExporter.Fetcher;
using KubeApiExporter.Flattener;
using KubeApiExporter.Host.Pipeline;
using KubeApiExporter.Registry;

namespace KubeApiExporter.Host.Cli;

/// <summary>
/// <c>render FILE|-</c>: flattens <c>kubectl get ... -o json</c> or <c>-o yaml</c> output (one object, a
/// List, or a multi-document YAML stream) with the config's rules and prints the exposition (text 0.0.4,
/// or OpenMetrics with <c>--format openmetrics</c>), through the same flatten and store code as the
/// service. The way to try a config without a cluster.
/// </summary>
public static class RenderCommand
{
    public static async Task<int> RunAsync(ExporterConfig config, string input, string? resourceName, TextWriter stdout, TextWriter stderr, Stream? stdin = null,
        ExpositionFormat format = ExpositionFormat.PrometheusText)
    {
        List<JsonDocument> documents;
        try
        {
            await using var stream = input == "-" ? stdin ?? Console.OpenStandardInput() : File.OpenRead(input);
            documents = await KubectlInput.ReadAsync(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            await stderr.WriteLineAsync($"render: cannot read {input}: {e.Message.TrimEnd('.')}. Give a file of `kubectl get ... -o json` (or -o yaml) output, or - for stdin.");
            return 2;
        }
        try
        {
            var resources = config.Resources.ToDictionary(r => r.Name, r => FlattenRules.Compile(config.Prefix, r));
            if (resourceName is not null && !resources.ContainsKey(resourceName))
            {
                await stderr.WriteLineAsync($"render: --resource {resourceName} is not in the config; use one of: {string.Join(", ", resources.Keys)}");
                return 2;
            }
            // Each document is one object or a List (kubectl -o json/yaml); a YAML stream holds several.
            var items = documents.SelectMany(d =>
                d.RootElement.ValueKind == JsonValueKind.Object && d.RootElement.TryGetProperty("items", out var list) && list.ValueKind == JsonValueKind.Array
                    ? list.EnumerateArray().ToList()
                    : [d.RootElement]).ToList();
            var store = new SeriesRegistry();
            var rendered = 0;
            foreach (var item in items)
            {
                var resource = resourceName is not null ? resources[resourceName] : Match(config, resources, item);
                var key = ObjectMetadata.KeyOf(item);
                if (resource is null || key is null)
                {
                    await stderr.WriteLineAsync($"render: skipped {Describe(item)}: {(key is null ? "it has no metadata.name" : "no resource in the config has its apiVersion and kind; add one, or pass --resource NAME")}");
                    continue;
                }
                store.Upsert(resource.Config.Name, key, "", 0, ObjectRenderer.RenderObject(resource, item));
                rendered++;
            }
            var output = new MemoryStream();
            await store.WriteAsync(output, format, CancellationToken.None);
            await stdout.WriteAsync(System.Text.Encoding.UTF8.GetString(output.GetBuffer(), 0, (int)output.Length));
            if (format == ExpositionFormat.OpenMetrics)
                await stdout.WriteAsync("# EOF\n");
            await stdout.FlushAsync();
            return rendered > 0 ? 0 : 1;
        }
        finally
        {
            foreach (var d in documents)
                d.Dispose();
        }
    }

    /// <summary>Finds the configured resource for an object by apiVersion and kind (kubectl output carries both).</summary>
    private static FlattenRules? Match(ExporterConfig config, Dictionary<string, FlattenRules> resources, JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
            return null;
        var apiVersion = item.TryGetProperty("apiVersion", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        var kind = item.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        if (apiVersion is null || kind is null)
            return null;
        var plural = Pluralise(kind.ToLowerInvariant());
        var match = config.Resources.FirstOrDefault(r => r.ApiVersion == apiVersion && r.Resource == plural)
                    ?? config.Resources.FirstOrDefault(r => r.ApiVersion == apiVersion && r.Name.Equals(kind, StringComparison.OrdinalIgnoreCase));
        return match is null ? null : resources[match.Name];
    }

    /// <summary>English plural of a lower-cased kind, as the API server forms resource names.</summary>
    internal static string Pluralise(string kind)
    {
        if (kind is "endpoints")
            return kind; // already plural
        if (kind.EndsWith('s') || kind.EndsWith('x') || kind.EndsWith("ch") || kind.EndsWith("sh"))
            return kind + "es";
        if (kind.Length > 1 && kind.EndsWith('y') && !"aeiou".Contains(kind[^2]))
            return kind[..^1] + "ies";
        return kind + "s";
    }

    private static string Describe(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
            return $"a JSON {item.ValueKind.ToString().ToLowerInvariant()}";
        var kind = item.TryGetProperty("kind", out var k) ? k.ToString() : "?";
        var name = ObjectMetadata.KeyOf(item) ?? "?";
        return $"{kind} {name}";
    }
}
