namespace KubeApiExporter.Tests.Unit.Flattener;

/// <summary>Realistic objects whose interesting parts are strings: states, percentages, durations.</summary>
internal static class StringObjects
{
    /// <summary>A pod whose web container crash-loops (waiting CrashLoopBackOff, last terminated Error) beside a healthy sidecar.</summary>
    public const string CrashLoopingPod = """
    {
      "apiVersion": "v1",
      "kind": "Pod",
      "metadata": {"name": "web-5d9c7b-qx2lp", "namespace": "shop", "uid": "0d6e8f7a-1111-4000-8000-000000000001",
                   "labels": {"app": "web", "app.kubernetes.io/name": "web", "pod-template-hash": "5d9c7b"},
                   "annotations": {"kubectl.kubernetes.io/restartedAt": "2026-11-20T09:00:00Z", "prometheus.io/scrape": "true"}},
      "spec": {"nodeName": "node-a-1", "restartPolicy": "Always",
               "containers": [{"name": "sidecar", "image": "envoy:1.31.0"}, {"name": "web", "image": "shop/web:1.15.0"}]},
      "status": {
        "phase": "Running",
        "conditions": [{"type": "Ready", "status": "False", "reason": "ContainersNotReady"}],
        "containerStatuses": [
          {"name": "sidecar", "state": {"running": {"startedAt": "2026-11-20T09:30:03Z"}}, "lastState": {}, "ready": true, "restartCount": 0},
          {"name": "web",
           "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 5m0s restarting failed container=web pod=web-5d9c7b-qx2lp_shop"}},
           "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "startedAt": "2026-11-20T09:41:00Z", "finishedAt": "2026-11-20T09:41:02Z"}},
           "ready": false, "restartCount": 7}
        ]
      }
    }
    """;

    /// <summary>A PVC waiting for a volume (no matching StorageClass provisioner yet).</summary>
    public const string PendingPvc = """
    {
      "apiVersion": "v1",
      "kind": "PersistentVolumeClaim",
      "metadata": {"name": "data-db-0", "namespace": "shop", "uid": "0d6e8f7a-2222-4000-8000-000000000002"},
      "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "fast", "volumeMode": "Filesystem",
               "resources": {"requests": {"storage": "10Gi"}}},
      "status": {"phase": "Pending"}
    }
    """;

    /// <summary>An Argo CD Application that synced but is Degraded.</summary>
    public const string ArgoApplication = """
    {
      "apiVersion": "argoproj.io/v1alpha1",
      "kind": "Application",
      "metadata": {"name": "guestbook", "namespace": "argocd", "uid": "0d6e8f7a-3333-4000-8000-000000000003",
                   "annotations": {"argocd.argoproj.io/sync-wave": "2", "notified.notifications.argoproj.io": "{}"}},
      "spec": {"project": "default", "source": {"repoURL": "https://github.com/argoproj/argocd-example-apps", "path": "guestbook", "targetRevision": "HEAD"},
               "destination": {"server": "https://kubernetes.default.svc", "namespace": "guestbook"},
               "syncPolicy": {"automated": {"prune": true, "selfHeal": true}, "retry": {"limit": 5, "backoff": {"duration": "5s", "factor": 2, "maxDuration": "3m"}}}},
      "status": {
        "health": {"status": "Degraded"},
        "sync": {"status": "Synced", "revision": "53e28ff20cc530b9ada2173fbbd64d48338583ba"},
        "operationState": {"phase": "Succeeded", "startedAt": "2026-11-20T09:40:00Z", "finishedAt": "2026-11-20T09:40:05Z"},
        "resources": [
          {"kind": "Service", "name": "guestbook-ui", "status": "Synced", "health": {"status": "Healthy"}},
          {"kind": "Deployment", "name": "guestbook-ui", "status": "Synced", "health": {"status": "Degraded", "message": "Deployment exceeded its progress deadline"}}
        ]
      }
    }
    """;

    /// <summary>A cert-manager Certificate: 90-day duration, renewed 15 days before expiry.</summary>
    public const string Certificate = """
    {
      "apiVersion": "cert-manager.io/v1",
      "kind": "Certificate",
      "metadata": {"name": "shop-tls", "namespace": "shop", "uid": "0d6e8f7a-4444-4000-8000-000000000004", "generation": 1},
      "spec": {"secretName": "shop-tls", "duration": "2160h0m0s", "renewBefore": "360h", "dnsNames": ["shop.example.com"],
               "issuerRef": {"name": "letsencrypt", "kind": "ClusterIssuer"}, "privateKey": {"algorithm": "ECDSA", "size": 256}},
      "status": {
        "conditions": [{"type": "Ready", "status": "True", "reason": "Ready", "lastTransitionTime": "2026-11-01T00:00:00Z", "observedGeneration": 1}],
        "notBefore": "2026-11-01T00:00:00Z", "notAfter": "2027-01-30T00:00:00Z", "renewalTime": "2027-01-15T00:00:00Z", "revision": 1
      }
    }
    """;

    /// <summary>A deployment with the API server's default rolling update (25% surge and unavailable).</summary>
    public const string DefaultStrategyDeployment = """
    {
      "apiVersion": "apps/v1",
      "kind": "Deployment",
      "metadata": {"name": "api", "namespace": "shop", "uid": "0d6e8f7a-5555-4000-8000-000000000005", "generation": 4},
      "spec": {"replicas": 4, "progressDeadlineSeconds": 600,
               "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "12.5%"}},
               "template": {"spec": {"containers": [{"name": "api", "image": "shop/api:2.0.1",
                 "resources": {"requests": {"cpu": "5m", "memory": "64Mi"}}}]}}},
      "status": {"observedGeneration": 4, "replicas": 4, "availableReplicas": 4}
    }
    """;
}
