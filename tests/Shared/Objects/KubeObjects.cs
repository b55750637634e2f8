using System.Text.Json.Nodes;

namespace KubeApiExporter.Tests;

/// <summary>
/// The objects every test project and the bench build their cases from, in three kinds:
/// <list type="bullet">
/// <item>samples (this file): hand-written realistic objects as the API server returns them, whose
/// details the flattening tests assert on, as JSON text;</item>
/// <item><see cref="Minimal"/> (MinimalObjects.cs): small named objects the scenarios create,
/// valid on a real cluster too;</item>
/// <item><see cref="Generated"/> (GeneratedObjects.cs): realistic, deterministic objects by
/// index, in any number (the in-repo API server's seed, large lists, the bench).</item>
/// </list>
/// </summary>
internal static partial class KubeObjects
{
    /// <summary>The README quick-start deployment, shipped as examples/helloworld.json.</summary>
    public static string Helloworld => File.ReadAllText(Path.Combine(RepoPaths.Root, "examples", "helloworld.json"));

    /// <summary><see cref="Helloworld"/>, parsed.</summary>
    public static JsonObject HelloworldObject() => (JsonObject)JsonNode.Parse(Helloworld)!;

    /// <summary>A running pod with two containers, about 5 KB.</summary>
    public const string Pod = """
    {
      "apiVersion": "v1",
      "kind": "Pod",
      "metadata": {
        "name": "web-7d4b9c8f6-x2x9k",
        "generateName": "web-7d4b9c8f6-",
        "namespace": "shop",
        "uid": "0b0b6d2e-1f9a-4c7e-9a63-2d1c1c8a8e01",
        "resourceVersion": "918273",
        "creationTimestamp": "2026-11-20T09:30:00Z",
        "labels": {"app": "web", "app.kubernetes.io/name": "web", "pod-template-hash": "7d4b9c8f6", "tier": "frontend"},
        "annotations": {"kubectl.kubernetes.io/restartedAt": "2026-11-20T09:29:58Z", "prometheus.io/scrape": "true", "prometheus.io/port": "9102"},
        "ownerReferences": [
          {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-7d4b9c8f6", "uid": "4a1e0d7b-8f21-4a4f-b1c9-3b0d0e0c0a11", "controller": true, "blockOwnerDeletion": true}
        ],
        "managedFields": [
          {"manager": "kube-controller-manager", "operation": "Update", "apiVersion": "v1", "time": "2026-11-20T09:30:00Z",
           "fieldsType": "FieldsV1", "fieldsV1": {"f:metadata": {"f:generateName": {}, "f:labels": {".": {}, "f:app": {}}}}},
          {"manager": "kubelet", "operation": "Update", "apiVersion": "v1", "time": "2026-11-20T09:30:12Z",
           "fieldsType": "FieldsV1", "subresource": "status", "fieldsV1": {"f:status": {"f:conditions": {}}}}
        ]
      },
      "spec": {
        "volumes": [
          {"name": "config", "configMap": {"name": "web-config", "defaultMode": 420}},
          {"name": "kube-api-access-abcde", "projected": {"defaultMode": 420, "sources": [
            {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
            {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}}]}}
        ],
        "containers": [
          {
            "name": "web",
            "image": "registry.example.com/shop/web:1.14.2",
            "args": ["--port=8080", "--workers=4"],
            "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}, {"name": "metrics", "containerPort": 9102, "protocol": "TCP"}],
            "env": [{"name": "LOG_LEVEL", "value": "info"}, {"name": "GOMAXPROCS", "value": "2"}],
            "resources": {"limits": {"cpu": "1", "memory": "512Mi"}, "requests": {"cpu": "250m", "memory": "256Mi", "ephemeral-storage": "1Gi"}},
            "volumeMounts": [{"name": "config", "mountPath": "/etc/web", "readOnly": true}],
            "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080, "scheme": "HTTP"}, "initialDelaySeconds": 10, "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3},
            "readinessProbe": {"httpGet": {"path": "/ready", "port": "http", "scheme": "HTTP"}, "timeoutSeconds": 1, "periodSeconds": 5, "successThreshold": 1, "failureThreshold": 3},
            "terminationMessagePath": "/dev/termination-log",
            "terminationMessagePolicy": "File",
            "imagePullPolicy": "IfNotPresent",
            "securityContext": {"runAsNonRoot": true, "runAsUser": 10001, "readOnlyRootFilesystem": true, "allowPrivilegeEscalation": false}
          },
          {
            "name": "sidecar",
            "image": "registry.example.com/infra/envoy:1.31.0",
            "ports": [{"containerPort": 15001, "protocol": "TCP"}],
            "resources": {"limits": {"memory": "128Mi"}, "requests": {"cpu": "50m", "memory": "64Mi"}},
            "readinessProbe": {"tcpSocket": {"port": 15001}, "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3},
            "terminationMessagePath": "/dev/termination-log",
            "terminationMessagePolicy": "File",
            "imagePullPolicy": "IfNotPresent"
          }
        ],
        "restartPolicy": "Always",
        "terminationGracePeriodSeconds": 30,
        "dnsPolicy": "ClusterFirst",
        "serviceAccountName": "web",
        "serviceAccount": "web",
        "nodeName": "node-a-1",
        "securityContext": {"fsGroup": 2000},
        "schedulerName": "default-scheduler",
        "tolerations": [
          {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
          {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}
        ],
        "priority": 0,
        "enableServiceLinks": true,
        "preemptionPolicy": "PreemptLowerPriority"
      },
      "status": {
        "phase": "Running",
        "conditions": [
          {"type": "PodReadyToStartContainers", "status": "True", "lastProbeTime": null, "lastTransitionTime": "2026-11-20T09:30:04Z"},
          {"type": "Initialized", "status": "True", "lastProbeTime": null, "lastTransitionTime": "2026-11-20T09:30:01Z"},
          {"type": "Ready", "status": "False", "lastProbeTime": null, "lastTransitionTime": "2026-11-20T09:30:12Z", "reason": "ContainersNotReady"},
          {"type": "ContainersReady", "status": "Unknown", "lastProbeTime": null, "lastTransitionTime": "2026-11-20T09:30:12Z"},
          {"type": "PodScheduled", "status": "True", "lastProbeTime": null, "lastTransitionTime": "2026-11-20T09:30:00Z"}
        ],
        "hostIP": "10.0.1.17",
        "hostIPs": [{"ip": "10.0.1.17"}],
        "podIP": "10.244.3.25",
        "podIPs": [{"ip": "10.244.3.25"}],
        "startTime": "2026-11-20T09:30:01Z",
        "containerStatuses": [
          {"name": "sidecar", "state": {"running": {"startedAt": "2026-11-20T09:30:03Z"}}, "lastState": {}, "ready": true, "restartCount": 0,
           "image": "registry.example.com/infra/envoy:1.31.0", "imageID": "registry.example.com/infra/envoy@sha256:aaaa", "containerID": "containerd://1111", "started": true},
          {"name": "web", "state": {"running": {"startedAt": "2026-11-20T09:30:11.250Z"}},
           "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled", "startedAt": "2026-11-20T09:30:03Z", "finishedAt": "2026-11-20T09:30:10Z", "containerID": "containerd://2221"}},
           "ready": false, "restartCount": 3, "image": "registry.example.com/shop/web:1.14.2", "imageID": "registry.example.com/shop/web@sha256:bbbb", "containerID": "containerd://2222", "started": true}
        ],
        "qosClass": "Burstable"
      }
    }
    """;

    /// <summary>A cluster-scoped node with capacity and allocatable quantities.</summary>
    public const string Node = """
    {
      "apiVersion": "v1",
      "kind": "Node",
      "metadata": {
        "name": "node-a-1",
        "uid": "7d0b2c9a-0000-4000-8000-000000000001",
        "resourceVersion": "5555",
        "creationTimestamp": "2026-01-02T03:04:05Z",
        "labels": {"kubernetes.io/hostname": "node-a-1", "node.kubernetes.io/instance-type": "m5.large"}
      },
      "spec": {"podCIDR": "10.244.3.0/24", "podCIDRs": ["10.244.3.0/24"], "taints": [{"key": "dedicated", "value": "web", "effect": "NoSchedule"}]},
      "status": {
        "capacity": {"cpu": "4", "ephemeral-storage": "101430960Ki", "hugepages-2Mi": "0", "memory": "16266544Ki", "pods": "110"},
        "allocatable": {"cpu": "3920m", "ephemeral-storage": "93478772582", "hugepages-2Mi": "0", "memory": "15115568Ki", "pods": "110"},
        "conditions": [
          {"type": "MemoryPressure", "status": "False", "lastHeartbeatTime": "2026-11-20T09:31:00Z", "lastTransitionTime": "2026-01-02T03:05:00Z", "reason": "KubeletHasSufficientMemory"},
          {"type": "Ready", "status": "True", "lastHeartbeatTime": "2026-11-20T09:31:00Z", "lastTransitionTime": "2026-01-02T03:05:30Z", "reason": "KubeletReady"}
        ],
        "addresses": [{"type": "InternalIP", "address": "10.0.1.17"}, {"type": "Hostname", "address": "node-a-1"}],
        "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
        "nodeInfo": {"kubeletVersion": "v1.33.1", "osImage": "Ubuntu 24.04 LTS", "architecture": "amd64"},
        "images": [{"names": ["registry.example.com/shop/web:1.14.2"], "sizeBytes": 52428800}]
      }
    }
    """;

    /// <summary>A deployment that is failing to roll out: conditions True, False and Unknown.</summary>
    public const string FailingDeployment = """
    {
      "apiVersion": "apps/v1",
      "kind": "Deployment",
      "metadata": {"name": "api", "namespace": "shop", "generation": 7, "creationTimestamp": "2026-11-20T09:00:00Z"},
      "spec": {"replicas": 3, "template": {"spec": {"containers": [{"name": "api", "image": "api:2", "ports": [{"containerPort": 80}]}]}}},
      "status": {
        "observedGeneration": 7, "replicas": 4, "updatedReplicas": 1, "readyReplicas": 3, "availableReplicas": 3, "unavailableReplicas": 1,
        "conditions": [
          {"type": "Available", "status": "True", "lastUpdateTime": "2026-11-20T09:00:10Z", "lastTransitionTime": "2026-11-20T09:00:10Z", "reason": "MinimumReplicasAvailable"},
          {"type": "Progressing", "status": "False", "lastUpdateTime": "2026-11-20T09:20:00Z", "lastTransitionTime": "2026-11-20T09:20:00Z", "reason": "ProgressDeadlineExceeded"},
          {"type": "ReplicaFailure", "status": "Unknown", "lastUpdateTime": "2026-11-20T09:20:00.5+01:00", "lastTransitionTime": "2026-11-20T09:20:00Z"}
        ]
      }
    }
    """;

    /// <summary>A cert-manager Certificate (a CRD object).</summary>
    public const string Certificate = """
    {
      "apiVersion": "cert-manager.io/v1",
      "kind": "Certificate",
      "metadata": {"name": "shop-tls", "namespace": "shop", "generation": 3, "creationTimestamp": "2026-10-01T00:00:00Z"},
      "spec": {
        "secretName": "shop-tls",
        "dnsNames": ["shop.example.com", "www.shop.example.com"],
        "duration": "2160h0m0s",
        "renewBefore": "360h0m0s",
        "privateKey": {"algorithm": "ECDSA", "size": 256, "rotationPolicy": "Always"},
        "issuerRef": {"name": "letsencrypt", "kind": "ClusterIssuer", "group": "cert-manager.io"}
      },
      "status": {
        "conditions": [{"type": "Ready", "status": "True", "observedGeneration": 3, "lastTransitionTime": "2026-10-01T00:01:00Z", "reason": "Ready", "message": "Certificate is up to date and has not expired"}],
        "notBefore": "2026-10-01T00:00:30Z",
        "notAfter": "2026-12-30T00:00:30Z",
        "renewalTime": "2026-12-15T00:00:30Z",
        "revision": 2
      }
    }
    """;

    /// <summary>A job that is still running: neither status.failed nor status.succeeded yet.</summary>
    public const string RunningJob = """
    {
      "apiVersion": "batch/v1", "kind": "Job",
      "metadata": {"name": "backup-29170000", "namespace": "ops"},
      "spec": {"parallelism": 1, "completions": 1, "backoffLimit": 6},
      "status": {"startTime": "2026-11-20T10:00:00Z", "active": 1}
    }
    """;
}
