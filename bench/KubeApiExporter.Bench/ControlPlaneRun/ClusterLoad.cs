using System.Text.Json.Nodes;
using KubeApiExporter.Tests;
using KubeApiExporter.Tests.Integration.Harness;

namespace KubeApiExporter.Bench.ControlPlaneRun;

/// <summary>
/// Fills a real control plane with the bench's generated pods and deployments, as the admin, in
/// parallel. What a real cluster would refuse or undo is left out: pods are not bound to a node
/// (the pod GC deletes pods on nodes that do not exist) and own no ReplicaSet (the garbage
/// collector deletes dependents of missing owners) and leave the token volume to the admission; deployments ask for 0 replicas, so the
/// controller-manager adds no pods of its own and the pod count stays what was asked for.
/// </summary>
public static class ClusterLoad
{
    private const int Concurrency = 24;

    public static async Task<(string Namespace, string Name)[]> CreateAsync(KubernetesClientWrites writes, int pods, int deployments, bool minimalPods)
    {
        var namespaces = Enumerable.Range(0, Math.Max(pods / 10 + 1, deployments)).Select(KubeObjects.Generated.Namespace).Distinct();
        foreach (var ns in namespaces)
            await writes.CreateUnlessExistsAsync(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } }, "", "v1", "namespaces");

        var names = new (string, string)[pods];
        await ForEachAsync(pods, async i =>
        {
            var pod = minimalPods ? MinimalPod(i) : KubernetesClientWrites.WithoutServerOwnedFields(KubeObjects.Generated.Pod(i));
            var metadata = (JsonObject)pod["metadata"]!;
            metadata.Remove("ownerReferences");
            metadata.Remove("generateName");
            ((JsonObject)pod["spec"]!).Remove("nodeName");
            WithoutVolumeMounts(pod["spec"]!);
            names[i] = ((string)metadata["namespace"]!, (string)metadata["name"]!);
            await RetryAsync(() => writes.CreateAsync("v1", "pods", pod));
        });
        await ForEachAsync(deployments, async i =>
        {
            var deployment = KubernetesClientWrites.WithoutServerOwnedFields(KubeObjects.Generated.Deployment(i));
            deployment["spec"]!["replicas"] = 0;
            WithoutVolumeMounts(deployment["spec"]!["template"]!["spec"]!);
            await RetryAsync(() => writes.CreateAsync("apps/v1", "deployments", deployment));
        });
        return names;
    }

    /// <summary>What `kubectl run NAME --image=...` sends: one container, the rest is the server's defaults.</summary>
    private static JsonObject MinimalPod(int i)
    {
        var generated = KubeObjects.Generated.Pod(i);
        var metadata = generated["metadata"]!;
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = (string)metadata["name"]!,
                ["namespace"] = (string)metadata["namespace"]!,
                ["labels"] = new JsonObject { ["app"] = (string)metadata["labels"]!["app"]! },
            },
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "registry.example.com/app:1.0" }),
            },
        };
    }

    // The ServiceAccount admission mounts the token volume itself; a mount of it by name is refused as an unknown volume.
    private static void WithoutVolumeMounts(JsonNode podSpec)
    {
        foreach (var container in podSpec["containers"]!.AsArray().Concat(podSpec["initContainers"]?.AsArray() ?? []))
            ((JsonObject)container!).Remove("volumeMounts");
    }

    // A new namespace refuses pods (500, retryAfterSeconds) until the controller-manager gave its default ServiceAccount a token.
    private static async Task RetryAsync(Func<Task> create)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await create();
                return;
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.InternalServerError && attempt < 120)
            {
                await Task.Delay(250);
            }
        }
    }

    private static Task ForEachAsync(int count, Func<int, Task> body) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, _) => await body(i));
}
