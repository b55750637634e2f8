using System.Text.Json.Nodes;

namespace KubeApiExporter.KubeApiServer;

/// <summary>
/// Minimal answers to the probes clients make before real work: /version, /api, /apis and
/// the per-group resource lists. Built from the registered resources.
/// </summary>
internal sealed class DiscoveryEndpoint(ObjectStore store)
{
    public JsonObject? TryAnswer(string path, string serverAddress)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var resources = store.Resources();
        return segments switch
        {
            ["version"] => new JsonObject
            {
                ["major"] = "1", ["minor"] = "31", ["gitVersion"] = "v1.31.0-kubeapitestserver",
                ["platform"] = "linux/amd64",
            },
            ["api"] => new JsonObject
            {
                ["kind"] = "APIVersions",
                ["versions"] = new JsonArray("v1"),
                ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
            },
            ["apis"] => GroupList(resources),
            ["api", var version] => ResourceList(resources, "", version),
            ["apis", var group, var version] => ResourceList(resources, group, version),
            _ => null,
        };
    }

    private static JsonObject GroupList(IReadOnlyList<ResourceType> resources)
    {
        var groups = new JsonArray();
        foreach (var group in resources.Where(r => r.Group.Length > 0).GroupBy(r => r.Group).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var versions = new JsonArray();
            foreach (var version in group.Select(r => r.Version).Distinct())
                versions.Add(new JsonObject { ["groupVersion"] = $"{group.Key}/{version}", ["version"] = version });
            groups.Add(new JsonObject
            {
                ["name"] = group.Key,
                ["versions"] = versions,
                ["preferredVersion"] = versions[0]!.DeepClone(),
            });
        }
        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    private static JsonObject? ResourceList(IReadOnlyList<ResourceType> resources, string group, string version)
    {
        var matching = resources.Where(r => r.Group == group && r.Version == version).ToList();
        if (matching.Count == 0 && !(group.Length == 0 && version == "v1"))
            return null;
        var list = new JsonArray();
        foreach (var r in matching)
            list.Add(new JsonObject
            {
                ["name"] = r.Plural, ["singularName"] = "", ["namespaced"] = r.Namespaced, ["kind"] = r.Kind,
                ["verbs"] = new JsonArray("get", "list", "watch"),
            });
        return new JsonObject
        {
            ["kind"] = "APIResourceList", ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}", ["resources"] = list,
        };
    }
}
