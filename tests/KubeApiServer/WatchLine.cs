using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeApiExporter.KubeApiServer;

/// <summary>
/// Builds the newline-terminated JSON lines of a watch stream. An event's line is built once
/// and shared by every watch that receives it.
/// </summary>
internal static class WatchLine
{
    private static readonly byte[] Close = "}\n"u8.ToArray();

    public static byte[] Event(string type, byte[] objectJson)
    {
        var head = Encoding.UTF8.GetBytes($"{{\"type\":\"{type}\",\"object\":");
        var line = new byte[head.Length + objectJson.Length + Close.Length];
        head.CopyTo(line, 0);
        objectJson.CopyTo(line, head.Length);
        Close.CopyTo(line, head.Length + objectJson.Length);
        return line;
    }

    /// <summary>
    /// A BOOKMARK carries only kind, apiVersion and metadata.resourceVersion, exactly like the
    /// real server's; initialEventsEnd adds the annotation that ends a sendInitialEvents watch.
    /// </summary>
    public static byte[] Bookmark(ResourceType resource, long resourceVersion, bool initialEventsEnd = false)
    {
        var meta = new JsonObject { ["resourceVersion"] = resourceVersion.ToString() };
        if (initialEventsEnd)
            meta["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        var obj = new JsonObject { ["kind"] = resource.Kind, ["apiVersion"] = resource.ApiVersion, ["metadata"] = meta };
        return Event("BOOKMARK", Json.Serialize(obj));
    }

    public static byte[] Error(JsonObject status) => Event("ERROR", Json.Serialize(status));
}
