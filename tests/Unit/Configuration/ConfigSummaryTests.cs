using KubeApiExporter.Configuration;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Configuration;

public class ConfigSummaryTests
{
    [Fact]
    public void Describe_prints_port_prefix_and_one_aligned_line_per_resource_of_the_shipped_config()
    {
        var config = ConfigLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "exporter.yaml")).Config!;

        var text = ConfigSummary.Describe(config);

        Assert.Equal(
        [
            "port 8080, prefix k8s, 5 resources, all namespaces",
            "  deployment  apps/v1 deployments        (all namespaces)  listKeys={containers: name, initContainers: name}",
            "  pod         v1 pods                    (all namespaces)  labels={node: spec.nodeName}  listKeys={containers: name, initContainers: name, containerStatuses: name, initContainerStatuses: name}  labelsMetric  info=images  states=status.phase:phase[5],status.containerStatuses.state.waiting.reason:reason,status.containerStatuses.state.terminated.reason:reason,status.containerStatuses.lastState.terminated.reason:reason",
            "  job         batch/v1 jobs              (all namespaces)  zeroFill=status.failed,status.succeeded  listKeys={containers: name}",
            "  rc          v1 replicationcontrollers  (all namespaces)  listKeys={containers: name}",
            "  ds          apps/v1 daemonsets         (all namespaces)  listKeys={containers: name}",
        ], text.Split(Environment.NewLine));
    }

    [Fact]
    public void Describe_shows_selectors_globs_namespaces_scope_and_non_default_limits()
    {
        var config = new ExporterConfig
        {
            Port = 9100,
            Prefix = "kube",
            Namespaces = ["default", "web"],
            Resources =
            [
                new ResourceConfig { Name = "node", ApiVersion = "v1", Resource = "nodes", Namespaced = false, Include = ["status.capacity.*"], MaxSeriesPerObject = 500 },
                new ResourceConfig { Name = "web", ApiVersion = "apps/v1", Resource = "deployments", LabelSelector = "app=web", FieldSelector = "metadata.name=web", Exclude = ["spec.template.**"] },
            ],
        };

        Assert.Equal(
        [
            "port 9100, prefix kube, 2 resources, namespaces default, web",
            "  node  v1 nodes             (cluster-scoped)          include=status.capacity.*  maxSeriesPerObject=500",
            "  web   apps/v1 deployments  (namespaces default,web)  labelSelector=app=web  fieldSelector=metadata.name=web  exclude=spec.template.**",
        ], ConfigSummary.Describe(config).Split(Environment.NewLine));
    }

    [Fact]
    public void Describe_of_a_single_resource_uses_the_singular()
    {
        var config = new ExporterConfig { Resources = [new ResourceConfig { Name = "pod", ApiVersion = "v1", Resource = "pods" }] };
        Assert.Equal(
            "port 8080, prefix k8s, 1 resource, all namespaces" + Environment.NewLine + "  pod  v1 pods  (all namespaces)",
            ConfigSummary.Describe(config));
    }
}
