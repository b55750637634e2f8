using System.Text;
using System.Text.Json;
using KubeApiExporter.Configuration;
using KubeApiExporter.Flattener;
using KubeApiExporter.Registry;
using KubeApiExporter.Tests.Shared;

namespace KubeApiExporter.Tests.Unit.Registry;

/// <summary>Test shorthand: flatten an object with the real flattener into a SeriesRenderer, and scrape a store.</summary>
internal static class Render
{
    public static readonly ResourceConfig Deployment = new() { Name = "deployment", ApiVersion = "apps/v1", Resource = "deployments" };
    public static readonly ResourceConfig Widget = new() { Name = "widget", ApiVersion = "example.com/v1", Resource = "widgets" };

    private static readonly Dictionary<ResourceConfig, FlattenRules> Rules = new(ReferenceEqualityComparer.Instance);

    public static FlattenRules RulesFor(ResourceConfig resource)
    {
        lock (Rules)
        {
            if (!Rules.TryGetValue(resource, out var rules))
                Rules[resource] = rules = FlattenRules.Compile("k8s", resource);
            return rules;
        }
    }

    public static RenderedObject Object(ResourceConfig resource, string json)
    {
        using var doc = JsonDocument.Parse(json);
        var renderer = new SeriesRenderer();
        renderer.Begin(resource.MaxSeriesPerObject);
        ObjectFlattener.Flatten(RulesFor(resource), doc.RootElement, renderer);
        return renderer.Finish();
    }

    /// <summary>A deployment with the given spec fields (name: number) and nothing else numeric.</summary>
    public static RenderedObject Deploy(string name, string specFields, string ns = "default") =>
        Object(Deployment, $$$"""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},"spec":{ {{{specFields}}} }}""");

    public static string Scrape(SeriesRegistry store, ExpositionFormat format = ExpositionFormat.PrometheusText)
    {
        using var output = new MemoryStream();
        store.WriteAsync(output, format, CancellationToken.None).GetAwaiter().GetResult();
        return Encoding.UTF8.GetString(output.ToArray());
    }

    public static Exposition Parsed(SeriesRegistry store) => Exposition.Parse(Scrape(store));

    public static HashSet<string> SampleSet(SeriesRegistry store) => Parsed(store).Samples.Select(s => s.Canonical).ToHashSet();
}
