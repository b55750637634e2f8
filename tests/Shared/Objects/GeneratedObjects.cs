using System.Text.Json.Nodes;

namespace KubeApiExporter.Tests;

internal static partial class KubeObjects
{
    /// <summary>
    /// Realistic, deterministic objects in any number, for the in-repo API server, large lists and the
    /// bench: the same index always gives the same object, byte for byte (the bench's figures depend on
    /// it). A pod is shaped like one a ReplicaSet makes on a real cluster (two containers with
    /// resources, ports and probes; status with conditions and containerStatuses; managedFields),
    /// about 5 KB of JSON, so flattening and memory costs are representative.
    /// This file is also compiled into the test server (tests/KubeApiServer), which seeds with it.
    /// </summary>
    public static class Generated
    {
        private const string Created = "2026-01-15T08:00:00Z";
        private const string Started = "2026-01-15T08:00:05Z";
        private const string Ready = "2026-01-15T08:00:12Z";

        /// <summary>Namespace of object i: spread over ten namespaces.</summary>
        public static string Namespace(int i) => $"team-{i % 10}";

        /// <summary>Pod i, owned by the ReplicaSet of <see cref="Deployment"/>(i / 10).</summary>
        public static JsonObject Pod(int i)
        {
            var app = AppName(i / 10);
            var hash = Hash(i / 10, 10);
            // the last character is unique among the ten pods of one deployment, so names never collide
            var name = $"{app}-{hash}-{Hash(i, 4)}{"bcdfghjklm"[i % 10]}";
            return new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Pod",
                ["metadata"] = new JsonObject
                {
                    ["name"] = name,
                    ["namespace"] = Namespace(i / 10),
                    ["uid"] = Uid("pod", i),
                    ["creationTimestamp"] = Created,
                    ["generateName"] = $"{app}-{hash}-",
                    ["labels"] = new JsonObject { ["app"] = app, ["pod-template-hash"] = hash, ["tier"] = i % 3 == 0 ? "frontend" : "backend" },
                    ["annotations"] = new JsonObject { ["prometheus.io/scrape"] = "true", ["prometheus.io/port"] = "9090" },
                    ["ownerReferences"] = new JsonArray(new JsonObject
                    {
                        ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = $"{app}-{hash}",
                        ["uid"] = Uid("rs", i / 10), ["controller"] = true, ["blockOwnerDeletion"] = true,
                    }),
                    ["managedFields"] = new JsonArray(
                        ManagedField("kube-controller-manager", "Update", Created, new JsonObject
                        {
                            ["f:metadata"] = new JsonObject
                            {
                                ["f:generateName"] = new JsonObject(),
                                ["f:labels"] = new JsonObject { ["."] = new JsonObject(), ["f:app"] = new JsonObject(), ["f:pod-template-hash"] = new JsonObject() },
                                ["f:ownerReferences"] = new JsonObject { ["."] = new JsonObject(), [$"k:{{\"uid\":\"{Uid("rs", i / 10)}\"}}"] = new JsonObject() },
                            },
                            ["f:spec"] = new JsonObject
                            {
                                ["f:containers"] = new JsonObject { ["k:{\"name\":\"app\"}"] = new JsonObject(), ["k:{\"name\":\"metrics-sidecar\"}"] = new JsonObject() },
                                ["f:dnsPolicy"] = new JsonObject(), ["f:restartPolicy"] = new JsonObject(), ["f:terminationGracePeriodSeconds"] = new JsonObject(),
                            },
                        }),
                        ManagedField("kubelet", "Update", Ready, new JsonObject
                        {
                            ["f:status"] = new JsonObject
                            {
                                ["f:conditions"] = new JsonObject { ["k:{\"type\":\"Ready\"}"] = new JsonObject(), ["k:{\"type\":\"ContainersReady\"}"] = new JsonObject() },
                                ["f:containerStatuses"] = new JsonObject(), ["f:hostIP"] = new JsonObject(), ["f:phase"] = new JsonObject(),
                                ["f:podIP"] = new JsonObject(), ["f:startTime"] = new JsonObject(),
                            },
                        }, subresource: "status")),
                },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(
                        Container("app", $"registry.example.com/{app}:1.{i % 7}.{i % 13}", "250m", "256Mi", "1", "512Mi", 8080, "/healthz"),
                        Container("metrics-sidecar", "registry.example.com/metrics-sidecar:0.9.2", "50m", "32Mi", "100m", "64Mi", 9090, "/metrics")),
                    ["restartPolicy"] = "Always",
                    ["terminationGracePeriodSeconds"] = 30,
                    ["dnsPolicy"] = "ClusterFirst",
                    ["serviceAccountName"] = "default",
                    ["nodeName"] = $"node-{i % 20}",
                    ["schedulerName"] = "default-scheduler",
                    ["priority"] = 0,
                    ["tolerations"] = new JsonArray(
                        new JsonObject { ["key"] = "node.kubernetes.io/not-ready", ["operator"] = "Exists", ["effect"] = "NoExecute", ["tolerationSeconds"] = 300 },
                        new JsonObject { ["key"] = "node.kubernetes.io/unreachable", ["operator"] = "Exists", ["effect"] = "NoExecute", ["tolerationSeconds"] = 300 }),
                },
                ["status"] = new JsonObject
                {
                    ["phase"] = "Running",
                    ["hostIP"] = $"10.0.{i % 20}.1",
                    ["podIP"] = $"10.244.{i / 250 % 250}.{i % 250 + 2}",
                    ["startTime"] = Started,
                    ["qosClass"] = "Burstable",
                    ["conditions"] = new JsonArray(
                        Condition("Initialized", Started), Condition("Ready", Ready),
                        Condition("ContainersReady", Ready), Condition("PodScheduled", Created)),
                    ["containerStatuses"] = new JsonArray(
                        ContainerStatus("app", $"registry.example.com/{app}:1.{i % 7}.{i % 13}", i % 4, i),
                        ContainerStatus("metrics-sidecar", "registry.example.com/metrics-sidecar:0.9.2", 0, i + 1)),
                },
            };
        }

        /// <summary>Deployment i: replicas 1-5, fully rolled out (observedGeneration == generation).</summary>
        public static JsonObject Deployment(int i)
        {
            var app = AppName(i);
            var replicas = i % 5 + 1;
            return new JsonObject
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = "Deployment",
                ["metadata"] = new JsonObject
                {
                    ["name"] = app,
                    ["namespace"] = Namespace(i),
                    ["uid"] = Uid("deploy", i),
                    ["creationTimestamp"] = Created,
                    ["labels"] = new JsonObject { ["app"] = app },
                    ["annotations"] = new JsonObject { ["deployment.kubernetes.io/revision"] = "1" },
                    ["managedFields"] = new JsonArray(ManagedField("kubectl-client-side-apply", "Update", Created, new JsonObject
                    {
                        ["f:spec"] = new JsonObject { ["f:replicas"] = new JsonObject(), ["f:template"] = new JsonObject() },
                    })),
                },
                ["spec"] = new JsonObject
                {
                    ["replicas"] = replicas,
                    ["revisionHistoryLimit"] = 10,
                    ["progressDeadlineSeconds"] = 600,
                    ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = app } },
                    ["strategy"] = new JsonObject
                    {
                        ["type"] = "RollingUpdate",
                        ["rollingUpdate"] = new JsonObject { ["maxSurge"] = 1, ["maxUnavailable"] = "25%" },
                    },
                    ["template"] = new JsonObject
                    {
                        ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = app } },
                        ["spec"] = new JsonObject
                        {
                            ["containers"] = new JsonArray(Container("app", $"registry.example.com/{app}:1.0.0", "250m", "256Mi", "1", "512Mi", 8080, "/healthz")),
                            ["restartPolicy"] = "Always",
                            ["terminationGracePeriodSeconds"] = 30,
                            ["dnsPolicy"] = "ClusterFirst",
                        },
                    },
                },
                ["status"] = new JsonObject
                {
                    ["observedGeneration"] = 1,
                    ["replicas"] = replicas,
                    ["updatedReplicas"] = replicas,
                    ["readyReplicas"] = replicas,
                    ["availableReplicas"] = replicas,
                    ["conditions"] = new JsonArray(
                        new JsonObject
                        {
                            ["type"] = "Available", ["status"] = "True", ["reason"] = "MinimumReplicasAvailable",
                            ["message"] = "Deployment has minimum availability.", ["lastUpdateTime"] = Ready, ["lastTransitionTime"] = Ready,
                        },
                        new JsonObject
                        {
                            ["type"] = "Progressing", ["status"] = "True", ["reason"] = "NewReplicaSetAvailable",
                            ["message"] = $"ReplicaSet \"{app}-{Hash(i, 10)}\" has successfully progressed.", ["lastUpdateTime"] = Ready, ["lastTransitionTime"] = Created,
                        }),
                },
            };
        }

        private static string AppName(int i) => $"service-{i}";

        // Deterministic stand-ins for the random suffixes and uids of a real cluster.
        private static string Hash(int i, int length)
        {
            const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
            var x = (ulong)i * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL;
            var chars = new char[length];
            for (var c = 0; c < length; c++)
            {
                chars[c] = alphabet[(int)(x % (ulong)alphabet.Length)];
                x = x / (ulong)alphabet.Length ^ (x << 7) * 31;
            }
            return new string(chars);
        }

        private static string Uid(string kind, int i)
        {
            var bytes = new byte[16];
            var kindHash = 14695981039346656037UL; // FNV-1a: string.GetHashCode differs per process
            foreach (var c in kind)
                kindHash = (kindHash ^ c) * 1099511628211UL;
            BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), kindHash);
            BitConverter.TryWriteBytes(bytes.AsSpan(8, 8), (ulong)i * 0x9E3779B97F4A7C15UL ^ kindHash); // odd multiplier: unique per i
            return new Guid(bytes).ToString();
        }

        private static JsonObject Container(string name, string image, string cpuRequest, string memoryRequest,
            string cpuLimit, string memoryLimit, int port, string probePath) => new()
        {
            ["name"] = name,
            ["image"] = image,
            ["imagePullPolicy"] = "IfNotPresent",
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = port, ["protocol"] = "TCP" }),
            ["env"] = new JsonArray(
                new JsonObject { ["name"] = "LOG_LEVEL", ["value"] = "info" },
                new JsonObject { ["name"] = "POD_NAME", ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = "metadata.name" } } }),
            ["resources"] = new JsonObject
            {
                ["requests"] = new JsonObject { ["cpu"] = cpuRequest, ["memory"] = memoryRequest },
                ["limits"] = new JsonObject { ["cpu"] = cpuLimit, ["memory"] = memoryLimit },
            },
            ["livenessProbe"] = Probe(probePath, port, initialDelay: 10),
            ["readinessProbe"] = Probe(probePath, port, initialDelay: 3),
            ["volumeMounts"] = new JsonArray(new JsonObject
            {
                ["name"] = "kube-api-access", ["readOnly"] = true, ["mountPath"] = "/var/run/secrets/kubernetes.io/serviceaccount",
            }),
            ["terminationMessagePath"] = "/dev/termination-log",
            ["terminationMessagePolicy"] = "File",
        };

        private static JsonObject Probe(string path, int port, int initialDelay) => new()
        {
            ["httpGet"] = new JsonObject { ["path"] = path, ["port"] = port, ["scheme"] = "HTTP" },
            ["initialDelaySeconds"] = initialDelay,
            ["timeoutSeconds"] = 1,
            ["periodSeconds"] = 10,
            ["successThreshold"] = 1,
            ["failureThreshold"] = 3,
        };

        private static JsonObject Condition(string type, string time) => new()
        {
            ["type"] = type, ["status"] = "True", ["lastProbeTime"] = null, ["lastTransitionTime"] = time,
        };

        private static JsonObject ContainerStatus(string name, string image, int restarts, int seed) => new()
        {
            ["name"] = name,
            ["ready"] = true,
            ["started"] = true,
            ["restartCount"] = restarts,
            ["image"] = image,
            ["imageID"] = $"{image.Split(':')[0]}@sha256:{Hash(seed, 16)}{Hash(seed + 7, 16)}",
            ["containerID"] = $"containerd://{Hash(seed * 31, 24)}{Hash(seed * 17, 24)}",
            ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Started } },
            ["lastState"] = new JsonObject(),
        };

        private static JsonObject ManagedField(string manager, string operation, string time, JsonObject fields, string? subresource = null)
        {
            var entry = new JsonObject
            {
                ["manager"] = manager, ["operation"] = operation, ["apiVersion"] = "v1", ["time"] = time,
                ["fieldsType"] = "FieldsV1", ["fieldsV1"] = fields,
            };
            if (subresource is not null)
                entry["subresource"] = subresource;
            return entry;
        }
    }
}
