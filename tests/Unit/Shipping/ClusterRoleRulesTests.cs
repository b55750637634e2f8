using KubeApiExporter.Configuration;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Shipping;

/// <summary>The RBAC rules <c>--check-config</c> prints, and the shipped ClusterRole being exactly them.</summary>
public sealed class ClusterRoleRulesTests
{
    [Fact]
    public void Shipped_ClusterRole_rules_are_exactly_what_check_config_prints_for_the_shipped_exporter_yaml()
    {
        var root = RepoPaths.Root;
        var loaded = ConfigLoader.LoadFile(Path.Combine(root, "exporter.yaml"));
        Assert.True(loaded.Ok, string.Join("\n", loaded.Problems));
        var role = File.ReadAllText(Path.Combine(root, "k8s", "02-clusterrole.yaml")).ReplaceLineEndings("\n");
        var shippedRules = role[role.IndexOf("\nrules:\n", StringComparison.Ordinal)..].TrimStart('\n');
        Assert.Equal(ClusterRoleRules.Render(loaded.Config!), shippedRules);
    }

    [Fact]
    public void One_rule_per_api_group_sorted_with_the_core_group_quoted_and_resources_deduplicated()
    {
        var config = new ExporterConfig
        {
            Resources =
            [
                new ResourceConfig { Name = "cert", ApiVersion = "cert-manager.io/v1", Resource = "certificates" },
                new ResourceConfig { Name = "node", ApiVersion = "v1", Resource = "nodes", Namespaced = false },
                new ResourceConfig { Name = "web", ApiVersion = "apps/v1", Resource = "deployments", LabelSelector = "app=web" },
                new ResourceConfig { Name = "api", ApiVersion = "apps/v1", Resource = "deployments", LabelSelector = "app=api" },
                new ResourceConfig { Name = "pod", ApiVersion = "v1", Resource = "pods" },
            ],
        };
        Assert.Equal("""
            rules:
              - apiGroups: [""]
                resources: [nodes, pods]
                verbs: [get, list, watch]
              - apiGroups: [apps]
                resources: [deployments]
                verbs: [get, list, watch]
              - apiGroups: [cert-manager.io]
                resources: [certificates]
                verbs: [get, list, watch]

            """, ClusterRoleRules.Render(config));
    }
}
