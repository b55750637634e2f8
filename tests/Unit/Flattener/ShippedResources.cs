using KubeApiExporter.Configuration;
using KubeApiExporter.Flattener;

namespace KubeApiExporter.Tests.Unit.Flattener;

/// <summary>The resources of the shipped exporter.yaml, written out (YAML loading is the Host's job).</summary>
internal static class ShippedResources
{
    public static ResourceConfig Deployment => new()
    {
        Name = "deployment", ApiVersion = "apps/v1", Resource = "deployments",
        ListKeys = new() { ["containers"] = "name", ["initContainers"] = "name" },
    };

    public static ResourceConfig Pod => new()
    {
        Name = "pod", ApiVersion = "v1", Resource = "pods",
        ListKeys = new() { ["containers"] = "name", ["initContainers"] = "name", ["containerStatuses"] = "name", ["initContainerStatuses"] = "name" },
        Labels = new() { ["node"] = "spec.nodeName" },
        LabelsMetric = true,
        States = new()
        {
            ["status.phase"] = new StateConfig { Label = "phase", Values = ["Pending", "Running", "Succeeded", "Failed", "Unknown"] },
            ["status.containerStatuses.state.waiting.reason"] = new StateConfig { Label = "reason" },
            ["status.containerStatuses.state.terminated.reason"] = new StateConfig { Label = "reason" },
            ["status.containerStatuses.lastState.terminated.reason"] = new StateConfig { Label = "reason" },
        },
        Info = [new InfoConfig { Metric = "images", Each = "spec.containers", Labels = new() { ["container_name"] = "name", ["image"] = "image" } }],
    };

    public static ResourceConfig Job => new()
    {
        Name = "job", ApiVersion = "batch/v1", Resource = "jobs",
        ZeroFill = ["status.failed", "status.succeeded"],
        ListKeys = new() { ["containers"] = "name" },
    };

    public static ResourceConfig Node => new()
    {
        Name = "node", ApiVersion = "v1", Resource = "nodes", Namespaced = false,
    };
}
