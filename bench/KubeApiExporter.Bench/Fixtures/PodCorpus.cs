using System.Text.Json;
using System.Text.Json.Nodes;
using KubeApiExporter.Flattener;
using KubeApiExporter.Configuration;
using KubeApiExporter.Host.Pipeline;
using KubeApiExporter.Registry;
using KubeApiExporter.Tests;

namespace KubeApiExporter.Bench.Fixtures;

/// <summary>
/// Realistic pods (KubeObjects.Generated.Pod, ~5.4 KB of JSON each: two containers with resources and
/// probes, conditions, containerStatuses, managedFields) and the pod rules of the shipped exporter.yaml.
/// </summary>
public static class PodCorpus
{
    private static readonly Lazy<FlattenRules> ShippedPod = new(() => Shipped("pod"));

    /// <summary>The `pod` resource of the shipped exporter.yaml, compiled (a fresh FlattenRules each call of <see cref="Shipped"/>).</summary>
    public static FlattenRules Pod => ShippedPod.Value;

    public static FlattenRules Shipped(string name) => FlattenRules.Compile(ShippedConfig.Value.Prefix, ShippedConfig.Resource(name));

    /// <summary>Pod i as the API server sends it (resourceVersion and uid filled in).</summary>
    public static JsonObject PodObject(int i, int restartCount = -1)
    {
        var pod = KubeObjects.Generated.Pod(i);
        pod["metadata"]!["resourceVersion"] = (1000 + i).ToString();
        if (restartCount >= 0)
            pod["status"]!["containerStatuses"]![0]!["restartCount"] = restartCount;
        return pod;
    }

    public static byte[] PodJson(int i, int restartCount = -1) => JsonSerializer.SerializeToUtf8Bytes(PodObject(i, restartCount));

    /// <summary>Parsed pods, kept alive (the pipeline receives already-parsed JsonElements).</summary>
    public static JsonElement[] ParsedPods(int count, int restartCount = -1)
    {
        var pods = new JsonElement[count];
        for (var i = 0; i < count; i++)
            pods[i] = JsonDocument.Parse(PodJson(i, restartCount)).RootElement;
        return pods;
    }

    /// <summary>Flattens and renders pods through the production path (ObjectRenderer.RenderObject).</summary>
    public static RenderedObject[] Render(int count, int restartCount = -1, int start = 0)
    {
        var rendered = new RenderedObject[count];
        for (var i = 0; i < count; i++)
        {
            using var doc = JsonDocument.Parse(PodJson(start + i, restartCount));
            rendered[i] = ObjectRenderer.RenderObject(Pod, doc.RootElement);
        }
        return rendered;
    }

    public static string KeyOf(int i) => $"{KubeObjects.Generated.Namespace(i / 10)}/pod-{i}";
}
