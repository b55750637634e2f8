using System.Text.Json;
using KubeApiExporter.Configuration;
using KubeApiExporter.Flattener;

namespace KubeApiExporter.Tests.Unit.Flattener;

/// <summary>Test shorthand: compile rules, parse JSON, flatten into a collecting sink.</summary>
internal static class Flatten
{
    public static CollectingSink Json(ResourceConfig resource, string json, string prefix = "k8s") =>
        Json(FlattenRules.Compile(prefix, resource), json);

    public static CollectingSink Json(FlattenRules rules, string json)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 1024 });
        var sink = new CollectingSink();
        ObjectFlattener.Flatten(rules, doc.RootElement, sink);
        return sink;
    }
}
