using System.Text.Json.Nodes;

namespace KubeApiExporter.Tests;

internal static partial class KubeObjects
{
    /// <summary>Objects the scenarios create: realistic, minimal, valid on a real cluster too.</summary>
    public static class Minimal
    {
        public static JsonObject Deployment(string name, int replicas, int available) => (JsonObject)JsonNode.Parse($$$$"""
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"{{{{name}}}}","namespace":"default","labels":{"app":"{{{{name}}}}"}},
             "spec":{"replicas":{{{{replicas}}}},"selector":{"matchLabels":{"app":"{{{{name}}}}"}},
               "template":{"metadata":{"labels":{"app":"{{{{name}}}}"}},
                 "spec":{"containers":[{"name":"app","image":"registry.k8s.io/pause:3.10"}]}}},
             "status":{"observedGeneration":1,"replicas":{{{{replicas}}}},"availableReplicas":{{{{available}}}}}}
            """)!;

        public static JsonObject Pod(string name) => (JsonObject)JsonNode.Parse($$$$"""
            {"apiVersion":"v1","kind":"Pod",
             "metadata":{"name":"{{{{name}}}}","namespace":"default","labels":{"app":"web","tier":"frontend"}},
             "spec":{"nodeName":"node-1","containers":[
                {"name":"web","image":"nginx:1.27","resources":{"requests":{"cpu":"250m","memory":"64Mi"}}},
                {"name":"sidecar","image":"busybox:1.36","command":["sleep","3600"]}]},
             "status":{"phase":"Running","containerStatuses":[
                {"name":"web","ready":true,"restartCount":0,"image":"nginx:1.27","imageID":"","started":true},
                {"name":"sidecar","ready":true,"restartCount":2,"image":"busybox:1.36","imageID":"","started":true}]}}
            """)!;

        public static JsonObject Job(string name) => (JsonObject)JsonNode.Parse($$$$"""
            {"apiVersion":"batch/v1","kind":"Job",
             "metadata":{"name":"{{{{name}}}}","namespace":"default"},
             "spec":{"backoffLimit":2,"template":{"spec":{"restartPolicy":"Never",
                "containers":[{"name":"main","image":"busybox:1.36","command":["false"]}]}}},
             "status":{"failed":3,"active":0}}
            """)!;

        public static JsonObject ReplicationController(string name) => (JsonObject)JsonNode.Parse($$$$"""
            {"apiVersion":"v1","kind":"ReplicationController",
             "metadata":{"name":"{{{{name}}}}","namespace":"default"},
             "spec":{"replicas":2,"selector":{"app":"{{{{name}}}}"},
               "template":{"metadata":{"labels":{"app":"{{{{name}}}}"}},"spec":{"containers":[{"name":"app","image":"registry.k8s.io/pause:3.10"}]}}},
             "status":{"replicas":2,"readyReplicas":2,"availableReplicas":2}}
            """)!;

        public static JsonObject DaemonSet(string name) => (JsonObject)JsonNode.Parse($$$$"""
            {"apiVersion":"apps/v1","kind":"DaemonSet",
             "metadata":{"name":"{{{{name}}}}","namespace":"default"},
             "spec":{"selector":{"matchLabels":{"app":"{{{{name}}}}"}},
               "template":{"metadata":{"labels":{"app":"{{{{name}}}}"}},"spec":{"containers":[{"name":"agent","image":"registry.k8s.io/pause:3.10"}]}}},
             "status":{"desiredNumberScheduled":3,"currentNumberScheduled":3,"numberReady":2,"numberAvailable":2,"numberMisscheduled":0}}
            """)!;

        public static JsonObject Widget(string name, int size) => (JsonObject)JsonNode.Parse($$$$"""
            {"apiVersion":"example.com/v1","kind":"Widget",
             "metadata":{"name":"{{{{name}}}}","namespace":"default"},
             "spec":{"size":{{{{size}}}},"enabled":true,"parts":[{"id":"a","weight":1.5},{"id":"b","weight":2}]}}
            """)!;

        public static JsonObject PersistentVolumeClaim(string name, string phase) => (JsonObject)JsonNode.Parse($$$$"""
            {"apiVersion":"v1","kind":"PersistentVolumeClaim",
             "metadata":{"name":"{{{{name}}}}","namespace":"default"},
             "spec":{"accessModes":["ReadWriteOnce"],"storageClassName":"fast","resources":{"requests":{"storage":"1Gi"}}},
             "status":{"phase":"{{{{phase}}}}"}}
            """)!;
    }
}
