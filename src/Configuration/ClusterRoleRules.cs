using System.Text;

namespace KubeApiExporter.Configuration;

/// <summary>
/// The RBAC a config needs, as the <c>rules:</c> of a ClusterRole: get, list and watch on exactly the
/// configured resources, one rule per API group (groups sorted, resources in config order). Printed by
/// <c>--check-config</c> so RBAC for added kinds is generated, not hand-written; the shipped
/// k8s/02-clusterrole.yaml is this output for the shipped exporter.yaml.
/// </summary>
public static class ClusterRoleRules
{
    public static string Render(ExporterConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var byGroup = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var r in config.Resources)
        {
            var slash = r.ApiVersion.IndexOf('/');
            var group = slash < 0 ? "" : r.ApiVersion[..slash];
            if (!byGroup.TryGetValue(group, out var resources))
                byGroup[group] = resources = [];
            if (!resources.Contains(r.Resource))
                resources.Add(r.Resource);
        }
        var sb = new StringBuilder("rules:\n");
        foreach (var (group, resources) in byGroup)
        {
            sb.Append("  - apiGroups: [").Append(group.Length == 0 ? "\"\"" : group).Append("]\n")
                .Append("    resources: [").AppendJoin(", ", resources).Append("]\n")
                .Append("    verbs: [get, list, watch]\n");
        }
        return sb.ToString();
    }
}
