using System.Text.Json.Nodes;

namespace KubeApiExporter.Tests.Integration.Harness;

/// <summary>RFC 7386 JSON merge patch, applied in place (for the test server backend).</summary>
public static class MergePatch
{
    public static void Apply(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (value is null)
                target.Remove(key);
            else if (value is JsonObject p && target[key] is JsonObject t)
                Apply(t, p);
            else
                target[key] = value.DeepClone();
        }
    }
}
