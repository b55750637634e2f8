using System.Text;
using Xunit;
using YamlDotNet.RepresentationModel;

using static KubeApiExporter.Tests.Unit.Shipping.ManifestYaml;

namespace KubeApiExporter.Tests.Unit.Shipping;

/// <summary>
/// Guards the shipped Kubernetes manifests in k8s/ against drifting from exporter.yaml and
/// from the operational contract (README, "Deploying to Kubernetes"): ConfigMap content, least-privilege RBAC, and
/// the Deployment's security context, probes and resources.
/// </summary>
public sealed class ShippedManifestsTests
{
    private const string Namespace = "kube-api-exporter";
    private const string ConfigMapName = "kube-api-exporter-config";
    private const string ConfigDir = "/etc/kube-api-exporter";
    private const int HttpPort = 8080;

    private static readonly Lazy<IReadOnlyList<Manifest>> LazyManifests = new(LoadManifests);

    private static string RepoRoot => RepoPaths.Root;

    private static IReadOnlyList<Manifest> Manifests => LazyManifests.Value;

    [Fact]
    public void Every_yaml_file_directly_in_k8s_is_a_Kubernetes_object()
    {
        // `kubectl create -f k8s` reads every *.yaml/*.yml/*.json directly in k8s/ (not
        // subdirectories) and fails on anything without apiVersion and kind, such as a
        // Prometheus rule file: those belong in k8s/alerts/.
        Assert.NotEmpty(Manifests);
        foreach (var m in Manifests)
        {
            Assert.False(string.IsNullOrEmpty(m.ApiVersion), $"{m.File}: document without apiVersion");
            Assert.False(string.IsNullOrEmpty(m.Kind), $"{m.File}: document without kind");
            Assert.False(string.IsNullOrEmpty(Scalar(m.Root, "metadata", "name")), $"{m.File}: {m.Kind} without metadata.name");
        }
    }

    [Fact]
    public void ConfigMap_holds_the_shipped_exporter_yaml_byte_for_byte()
    {
        var configMap = Single("ConfigMap", ConfigMapName);
        Assert.Equal(Namespace, Scalar(configMap.Root, "metadata", "namespace"));

        var data = Mapping(configMap.Root, "data");
        Assert.NotNull(data);
        var embedded = Scalar(data, "exporter.yaml");
        Assert.NotNull(embedded);

        var shipped = File.ReadAllBytes(Path.Combine(RepoRoot, "exporter.yaml"));
        var inConfigMap = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(embedded);
        Assert.True(
            shipped.AsSpan().SequenceEqual(inConfigMap),
            "k8s/10-configmap.yaml does not hold exporter.yaml byte for byte; run `bash k8s/generate-configmap.sh`.");
    }

    [Fact]
    public void ClusterRole_grants_exactly_get_list_watch_on_exactly_the_resources_in_exporter_yaml()
    {
        var expected = ConfiguredResources();
        Assert.NotEmpty(expected);

        var role = Single("ClusterRole", "kube-api-exporter");
        var rules = Sequence(role.Root, "rules");
        Assert.NotNull(rules);

        var granted = new HashSet<(string Group, string Resource)>();
        foreach (var rule in rules.Children.Cast<YamlMappingNode>())
        {
            var verbs = Strings(rule, "verbs").ToHashSet(StringComparer.Ordinal);
            Assert.True(
                verbs.SetEquals(["get", "list", "watch"]),
                $"ClusterRole rule must have exactly verbs get, list, watch; has [{string.Join(", ", verbs)}]");
            Assert.Empty(Strings(rule, "nonResourceURLs"));
            Assert.Empty(Strings(rule, "resourceNames"));

            var groups = Strings(rule, "apiGroups");
            var resources = Strings(rule, "resources");
            Assert.NotEmpty(groups);
            Assert.NotEmpty(resources);
            Assert.DoesNotContain("*", groups);
            Assert.DoesNotContain("*", resources);
            foreach (var group in groups)
            {
                foreach (var resource in resources)
                {
                    granted.Add((group, resource));
                }
            }
        }

        var missing = expected.Except(granted).Select(Describe).ToList();
        var extra = granted.Except(expected).Select(Describe).ToList();
        Assert.True(missing.Count == 0, $"ClusterRole lacks get/list/watch on: {string.Join(", ", missing)}");
        Assert.True(extra.Count == 0, $"ClusterRole grants resources not in exporter.yaml: {string.Join(", ", extra)}");
    }

    [Fact]
    public void ClusterRoleBinding_binds_the_ClusterRole_to_the_deployments_service_account()
    {
        var binding = Single("ClusterRoleBinding", "kube-api-exporter");
        Assert.Equal("ClusterRole", Scalar(binding.Root, "roleRef", "kind"));
        Assert.Equal("kube-api-exporter", Scalar(binding.Root, "roleRef", "name"));

        var serviceAccount = Scalar(PodSpec(), "serviceAccountName");
        Assert.Equal("kube-api-exporter", serviceAccount);
        Single("ServiceAccount", serviceAccount!);

        var subjects = Sequence(binding.Root, "subjects");
        Assert.NotNull(subjects);
        var subject = Assert.Single(subjects.Children.Cast<YamlMappingNode>());
        Assert.Equal("ServiceAccount", Scalar(subject, "kind"));
        Assert.Equal(serviceAccount, Scalar(subject, "name"));
        Assert.Equal(Namespace, Scalar(subject, "namespace"));
    }

    [Fact]
    public void Deployment_runs_non_root_with_a_read_only_root_filesystem_and_no_privileges()
    {
        var pod = PodSpec();
        var container = Container();

        // A container-level setting overrides the pod-level one; either place counts.
        string? Effective(params string[] path) =>
            Scalar(container, ["securityContext", .. path]) ?? Scalar(pod, ["securityContext", .. path]);

        Assert.Equal("true", Effective("runAsNonRoot"));
        var uid = Effective("runAsUser");
        Assert.NotNull(uid);
        Assert.NotEqual(0L, long.Parse(uid));
        Assert.Equal("true", Scalar(container, "securityContext", "readOnlyRootFilesystem"));
        Assert.Equal("false", Scalar(container, "securityContext", "allowPrivilegeEscalation"));
        Assert.Contains("ALL", Strings(Mapping(container, "securityContext", "capabilities"), "drop"));
        Assert.Equal("RuntimeDefault", Effective("seccompProfile", "type"));
    }

    [Fact]
    public void Deployment_probes_healthz_for_liveness_and_readyz_for_readiness_on_port_8080()
    {
        var container = Container();

        Assert.Equal("/healthz", Scalar(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal(HttpPort, ResolvePort(container, Scalar(container, "livenessProbe", "httpGet", "port")));
        Assert.Equal("/readyz", Scalar(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal(HttpPort, ResolvePort(container, Scalar(container, "readinessProbe", "httpGet", "port")));
    }

    [Fact]
    public void Deployment_requests_cpu_and_memory_and_limits_memory()
    {
        var container = Container();

        Assert.False(string.IsNullOrEmpty(Scalar(container, "resources", "requests", "cpu")), "resources.requests.cpu missing");
        Assert.False(string.IsNullOrEmpty(Scalar(container, "resources", "requests", "memory")), "resources.requests.memory missing");
        Assert.False(string.IsNullOrEmpty(Scalar(container, "resources", "limits", "memory")), "resources.limits.memory missing");
    }

    [Fact]
    public void Deployment_mounts_the_ConfigMap_as_a_directory_so_updates_reach_the_running_exporter()
    {
        var pod = PodSpec();
        var container = Container();

        var volumes = Sequence(pod, "volumes");
        Assert.NotNull(volumes);
        var configVolume = Assert.Single(
            volumes.Children.Cast<YamlMappingNode>(),
            v => Scalar(v, "configMap", "name") == ConfigMapName);
        var volumeName = Scalar(configVolume, "name");

        var mounts = Sequence(container, "volumeMounts");
        Assert.NotNull(mounts);
        var mount = Assert.Single(mounts.Children.Cast<YamlMappingNode>(), m => Scalar(m, "name") == volumeName);
        Assert.Equal(ConfigDir, Scalar(mount, "mountPath"));
        // A subPath mount is a copy fixed at pod start: ConfigMap updates would never arrive.
        Assert.Null(Scalar(mount, "subPath"));

        var args = Strings(container, "args").ToList();
        var at = args.IndexOf("--config");
        Assert.True(at >= 0 && at + 1 < args.Count, "container args lack --config PATH");
        Assert.Equal($"{ConfigDir}/exporter.yaml", args[at + 1]);
    }

    [Fact]
    public void Service_is_annotated_for_Prometheus_to_scrape_metrics_on_8080()
    {
        var service = Single("Service", "kube-api-exporter");
        var annotations = Mapping(service.Root, "metadata", "annotations");
        Assert.NotNull(annotations);
        Assert.Equal("true", Scalar(annotations, "prometheus.io/scrape"));
        Assert.Equal("8080", Scalar(annotations, "prometheus.io/port"));
        Assert.Equal("/metrics", Scalar(annotations, "prometheus.io/path"));

        var ports = Sequence(service.Root, "spec", "ports");
        Assert.NotNull(ports);
        Assert.Contains(ports.Children.Cast<YamlMappingNode>(), p => Scalar(p, "port") == "8080");
    }

    [Fact]
    public void Sharded_StatefulSet_runs_like_the_Deployment_with_shard_auto_and_total_shards_equal_to_its_replicas()
    {
        var dir = Path.Combine(RepoRoot, "k8s", "sharded");
        var sharded = Directory.EnumerateFiles(dir, "*.yaml").Order(StringComparer.Ordinal).SelectMany(LoadDocuments).ToList();
        var set = Assert.Single(sharded, m => Scalar(m, "kind") == "StatefulSet");
        Assert.Equal(Namespace, Scalar(set, "metadata", "namespace"));

        var pod = Mapping(set, "spec", "template", "spec");
        Assert.NotNull(pod);
        var containers = Sequence(pod, "containers");
        Assert.NotNull(containers);
        var container = Assert.IsType<YamlMappingNode>(Assert.Single(containers.Children));

        // Rendered with sorted keys, so key order and YAML styling do not matter, values do.
        static string Canonical(YamlNode? node) => node switch
        {
            null => "<absent>",
            YamlScalarNode scalar => scalar.Value ?? "",
            YamlSequenceNode sequence => "[" + string.Join(",", sequence.Children.Select(Canonical)) + "]",
            YamlMappingNode mapping => "{" + string.Join(",", mapping.Children
                .Select(kv => (Key: Canonical(kv.Key), Value: Canonical(kv.Value)))
                .OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => $"{kv.Key}:{kv.Value}")) + "}",
            _ => node.ToString(),
        };
        foreach (var field in new[] { "securityContext", "livenessProbe", "readinessProbe", "resources", "volumeMounts", "ports" })
            Assert.True(Canonical(Node(Container(), [field])) == Canonical(Node(container, [field])), $"StatefulSet container {field} differs from the Deployment's");
        foreach (var field in new[] { "securityContext", "serviceAccountName", "volumes" })
            Assert.True(Canonical(Node(PodSpec(), [field])) == Canonical(Node(pod, [field])), $"StatefulSet pod {field} differs from the Deployment's");

        var args = Strings(container, "args").ToList();
        var shard = args.IndexOf("--shard");
        Assert.True(shard >= 0 && shard + 1 < args.Count, "StatefulSet args lack --shard");
        Assert.Equal("auto", args[shard + 1]);
        var total = args.IndexOf("--total-shards");
        Assert.True(total >= 0 && total + 1 < args.Count, "StatefulSet args lack --total-shards");
        Assert.Equal(Scalar(set, "spec", "replicas"), args[total + 1]);
        Assert.Equal($"{ConfigDir}/exporter.yaml", args[args.IndexOf("--config") + 1]);

        // --shard auto reads the ordinal from POD_NAME, which must be the pod's own name.
        var env = Sequence(container, "env");
        Assert.NotNull(env);
        var podName = Assert.Single(env.Children.Cast<YamlMappingNode>(), e => Scalar(e, "name") == "POD_NAME");
        Assert.Equal("metadata.name", Scalar(podName, "valueFrom", "fieldRef", "fieldPath"));

        // Every shard is scraped: a headless Service selecting exactly the StatefulSet's pods, annotated for Prometheus.
        var serviceName = Scalar(set, "spec", "serviceName");
        var service = Assert.Single(sharded, m => Scalar(m, "kind") == "Service" && Scalar(m, "metadata", "name") == serviceName);
        Assert.Equal("None", Scalar(service, "spec", "clusterIP"));
        Assert.Equal("true", Scalar(service, "metadata", "annotations", "prometheus.io/scrape"));
        Assert.Equal("8080", Scalar(service, "metadata", "annotations", "prometheus.io/port"));
        Assert.Equal("/metrics", Scalar(service, "metadata", "annotations", "prometheus.io/path"));
        var selector = Mapping(service, "spec", "selector");
        var podLabels = Mapping(set, "spec", "template", "metadata", "labels");
        Assert.NotNull(selector);
        Assert.NotNull(podLabels);
        Assert.All(selector.Children, kv => Assert.Equal(Canonical(kv.Value), Canonical(Node(podLabels, [Canonical(kv.Key)]))));
        // ...and the unsharded Service does not also select them (each shard would be scraped twice).
        var unshardedSelector = Mapping(Single("Service", "kube-api-exporter").Root, "spec", "selector");
        Assert.NotNull(unshardedSelector);
        Assert.False(
            unshardedSelector.Children.All(kv => Canonical(Node(podLabels, [Canonical(kv.Key)])) == Canonical(kv.Value)),
            "the Service kube-api-exporter selects the shard pods too");
    }

    // ---- exporter.yaml

    private static HashSet<(string Group, string Resource)> ConfiguredResources()
    {
        var root = LoadDocuments(Path.Combine(RepoRoot, "exporter.yaml")).Single();
        var resources = Sequence(root, "resources");
        Assert.NotNull(resources);

        var pairs = new HashSet<(string, string)>();
        foreach (var entry in resources.Children.Cast<YamlMappingNode>())
        {
            var apiVersion = Scalar(entry, "apiVersion");
            var resource = Scalar(entry, "resource");
            Assert.NotNull(apiVersion);
            Assert.NotNull(resource);
            // "v1" is the core group (""); "group/version" otherwise.
            var slash = apiVersion.IndexOf('/');
            pairs.Add((slash < 0 ? "" : apiVersion[..slash], resource));
        }

        return pairs;
    }

    private static string Describe((string Group, string Resource) pair) =>
        pair.Group.Length == 0 ? $"{pair.Resource} (core group \"\")" : $"{pair.Resource}.{pair.Group}";

    // ---- k8s/ manifests

    private sealed record Manifest(string File, string ApiVersion, string Kind, YamlMappingNode Root);

    private static Manifest Single(string kind, string name)
    {
        var found = Manifests.Where(m => m.Kind == kind && Scalar(m.Root, "metadata", "name") == name).ToList();
        Assert.True(found.Count == 1, $"expected exactly one {kind} named {name} in k8s/, found {found.Count}");
        return found[0];
    }

    private static YamlMappingNode PodSpec()
    {
        var deployment = Single("Deployment", "kube-api-exporter");
        Assert.Equal(Namespace, Scalar(deployment.Root, "metadata", "namespace"));
        var spec = Mapping(deployment.Root, "spec", "template", "spec");
        Assert.NotNull(spec);
        return spec;
    }

    private static YamlMappingNode Container()
    {
        var containers = Sequence(PodSpec(), "containers");
        Assert.NotNull(containers);
        return Assert.IsType<YamlMappingNode>(Assert.Single(containers.Children));
    }

    private static int ResolvePort(YamlMappingNode container, string? port)
    {
        Assert.NotNull(port);
        if (int.TryParse(port, out var number))
        {
            return number;
        }

        // A named port: look it up among the container's ports.
        var ports = Sequence(container, "ports");
        Assert.NotNull(ports);
        var named = Assert.Single(ports.Children.Cast<YamlMappingNode>(), p => Scalar(p, "name") == port);
        return int.Parse(Scalar(named, "containerPort")!);
    }

    private static List<Manifest> LoadManifests()
    {
        var dir = Path.Combine(RepoRoot, "k8s");
        var manifests = new List<Manifest>();
        var files = Directory.EnumerateFiles(dir, "*.yaml")
            .Concat(Directory.EnumerateFiles(dir, "*.yml"))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var root in LoadDocuments(file))
            {
                manifests.Add(new Manifest(
                    Path.GetFileName(file),
                    Scalar(root, "apiVersion") ?? "",
                    Scalar(root, "kind") ?? "",
                    root));
            }
        }

        return manifests;
    }

    private static IEnumerable<YamlMappingNode> LoadDocuments(string file)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(file, new UTF8Encoding(false)))
        {
            stream.Load(reader);
        }

        foreach (var document in stream.Documents)
        {
            if (document.RootNode is YamlMappingNode mapping)
            {
                yield return mapping;
            }
            else if (document.RootNode is not YamlScalarNode { Value: null or "" })
            {
                Assert.Fail($"{file}: a YAML document that is not a mapping");
            }
        }
    }
}
