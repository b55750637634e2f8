using System.Text;
using Xunit;
using YamlDotNet.RepresentationModel;

using static KubeApiExporter.Tests.Unit.Shipping.ManifestYaml;

namespace KubeApiExporter.Tests.Unit.Shipping;

/// <summary>
/// Guards k8s/prometheus-operator/: each PrometheusRule carries exactly the groups of its rule file in
/// k8s/alerts/ (the generator's drift check runs in CI too), and each ServiceMonitor selects exactly
/// its Service, on a port the Service has, in the namespace the Service lives in.
/// </summary>
public sealed class PrometheusOperatorManifestsTests
{
    private static string RepoRoot => RepoPaths.Root;
    private static string OperatorDir => Path.Combine(RepoRoot, "k8s", "prometheus-operator");

    [Fact]
    public void Every_yaml_file_is_a_Prometheus_Operator_object_in_the_exporters_namespace()
    {
        var objects = Load(OperatorDir);
        Assert.NotEmpty(objects);
        foreach (var (file, root) in objects)
        {
            Assert.Equal("monitoring.coreos.com/v1", Scalar(root, "apiVersion"));
            Assert.Contains(Scalar(root, "kind"), new[] { "ServiceMonitor", "PrometheusRule" });
            Assert.Equal("kube-api-exporter", Scalar(root, "metadata", "namespace"));
            Assert.False(string.IsNullOrEmpty(Scalar(root, "metadata", "name")), $"{file}: no metadata.name");
        }
    }

    [Fact]
    public void Each_rule_file_has_one_PrometheusRule_with_exactly_its_groups()
    {
        var rules = Load(OperatorDir).Where(o => Scalar(o.Root, "kind") == "PrometheusRule").ToList();
        var ruleFiles = Directory.EnumerateFiles(Path.Combine(RepoRoot, "k8s", "alerts"), "*.yaml")
            .Where(f => !f.EndsWith("_test.yaml", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(ruleFiles);
        Assert.Equal(ruleFiles.Count, rules.Count);
        foreach (var file in ruleFiles)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var rule = Assert.Single(rules, r => Scalar(r.Root, "metadata", "name") == $"kube-api-exporter-{name}");
            var source = Assert.Single(Load(file));
            Assert.True(Canonical(Node(source.Root, "groups")) == Canonical(Node(rule.Root, "spec", "groups")),
                $"{rule.File} differs from k8s/alerts/{name}.yaml: run `bash k8s/prometheus-operator/generate-prometheusrules.sh`");
        }
    }

    [Fact]
    public void Cluster_example_rules_have_a_PrometheusRule_with_exactly_their_groups_outside_the_shipped_folder()
    {
        // Kept in examples/, not k8s/prometheus-operator/: `kubectl create -f k8s/prometheus-operator` must not
        // install rules on metrics that only examples/cluster.yaml exports.
        var rule = Assert.Single(Load(Path.Combine(RepoRoot, "examples", "prometheusrule-cluster-alerts.yaml"))).Root;
        var source = Assert.Single(Load(Path.Combine(RepoRoot, "examples", "cluster-alerts.yaml"))).Root;
        Assert.Equal("PrometheusRule", Scalar(rule, "kind"));
        Assert.Equal("kube-api-exporter-cluster-alerts", Scalar(rule, "metadata", "name"));
        Assert.NotNull(Node(source, "groups"));
        Assert.True(Canonical(Node(source, "groups")) == Canonical(Node(rule, "spec", "groups")),
            "examples/prometheusrule-cluster-alerts.yaml differs from examples/cluster-alerts.yaml: run `bash k8s/prometheus-operator/generate-prometheusrules.sh`");
        Assert.DoesNotContain(Load(OperatorDir), o => Scalar(o.Root, "metadata", "name") == "kube-api-exporter-cluster-alerts");
    }

    [Theory]
    [InlineData("servicemonitor.yaml", "k8s/30-service.yaml")]
    [InlineData("servicemonitor-shards.yaml", "k8s/sharded/30-service.yaml")]
    [InlineData("protected/servicemonitor.yaml", "k8s/30-service.yaml")]
    public void ServiceMonitor_selects_exactly_its_Service_on_its_metrics_port(string monitorFile, string serviceFile)
    {
        var monitor = Assert.Single(Load(Path.Combine(OperatorDir, monitorFile))).Root;
        var service = Assert.Single(Load(Path.Combine(RepoRoot, serviceFile))).Root;
        Assert.Equal("ServiceMonitor", Scalar(monitor, "kind"));

        var namespaces = Strings(monitor, "spec", "namespaceSelector", "matchNames");
        Assert.Contains(Scalar(service, "metadata", "namespace"), namespaces);

        var selector = Mapping(monitor, "spec", "selector", "matchLabels");
        Assert.NotNull(selector);
        bool Selects(YamlMappingNode s) => selector.Children.All(kv => Scalar(s, "metadata", "labels", ((YamlScalarNode)kv.Key).Value!) == ((YamlScalarNode)kv.Value).Value);
        Assert.True(Selects(service), $"{monitorFile} does not select the Service in {serviceFile}");
        var others = new[] { "k8s/30-service.yaml", "k8s/sharded/30-service.yaml" }.Where(f => f != serviceFile)
            .Select(f => Assert.Single(Load(Path.Combine(RepoRoot, f))).Root);
        Assert.All(others, other => Assert.False(Selects(other), $"{monitorFile} also selects {Scalar(other, "metadata", "name")}: its targets would be scraped twice"));

        var endpoint = Assert.IsType<YamlMappingNode>(Assert.Single(Sequence(monitor, "spec", "endpoints")!.Children));
        var portNames = Sequence(service, "spec", "ports")!.Children.Cast<YamlMappingNode>().Select(p => Scalar(p, "name"));
        Assert.Contains(Scalar(endpoint, "port"), portNames);
        Assert.Equal("/metrics", Scalar(endpoint, "path"));
        // The object series carry namespace/name of the Kubernetes object; without honorLabels the
        // target's namespace label would rename them to exported_namespace and break the shipped rules.
        Assert.Equal("true", Scalar(endpoint, "honorLabels"));
    }

    [Fact]
    public void Protected_ServiceMonitor_is_the_plain_one_over_HTTPS_with_a_token_and_the_Services_DNS_name()
    {
        var plain = Assert.Single(Load(Path.Combine(OperatorDir, "servicemonitor.yaml"))).Root;
        var guarded = Assert.Single(Load(Path.Combine(OperatorDir, "protected", "servicemonitor.yaml"))).Root;
        var service = Assert.Single(Load(Path.Combine(RepoRoot, "k8s", "30-service.yaml"))).Root;
        // Same name: it replaces the plain one instead of scraping every target twice beside it.
        Assert.Equal(Scalar(plain, "metadata", "name"), Scalar(guarded, "metadata", "name"));
        Assert.Equal(Canonical(Node(plain, "spec", "selector")), Canonical(Node(guarded, "spec", "selector")));

        var endpoint = Assert.IsType<YamlMappingNode>(Assert.Single(Sequence(guarded, "spec", "endpoints")!.Children));
        var plainEndpoint = Assert.IsType<YamlMappingNode>(Assert.Single(Sequence(plain, "spec", "endpoints")!.Children));
        var tlsOnly = new[] { "scheme", "bearerTokenFile", "tlsConfig" };
        string WithoutTls(YamlMappingNode e) => Canonical(new YamlMappingNode(
            e.Children.Where(kv => !tlsOnly.Contains(((YamlScalarNode)kv.Key).Value))));
        Assert.Equal(WithoutTls(plainEndpoint), WithoutTls(endpoint));
        Assert.Equal("https", Scalar(endpoint, "scheme"));
        Assert.Equal("/var/run/secrets/kubernetes.io/serviceaccount/token", Scalar(endpoint, "bearerTokenFile"));
        Assert.Equal($"{Scalar(service, "metadata", "name")}.{Scalar(service, "metadata", "namespace")}.svc",
            Scalar(endpoint, "tlsConfig", "serverName"));
        // README's cert-manager example issues into this Secret.
        Assert.Equal("kube-api-exporter-tls", Scalar(endpoint, "tlsConfig", "ca", "secret", "name"));
    }

    // ---- YAML helpers (RepresentationModel only)

    private static List<(string File, YamlMappingNode Root)> Load(string path)
    {
        var files = Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*.yaml").Order(StringComparer.Ordinal).ToList()
            : [path];
        var result = new List<(string, YamlMappingNode)>();
        foreach (var file in files)
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(file, new UTF8Encoding(false)))
                stream.Load(reader);
            foreach (var doc in stream.Documents)
                result.Add((Path.GetFileName(file), Assert.IsType<YamlMappingNode>(doc.RootNode)));
        }
        return result;
    }

    private static string Canonical(YamlNode? node) => node switch
    {
        null => "<absent>",
        YamlScalarNode scalar => "'" + (scalar.Value ?? "") + "'",
        YamlSequenceNode sequence => "[" + string.Join(",", sequence.Children.Select(Canonical)) + "]",
        YamlMappingNode mapping => "{" + string.Join(",", mapping.Children
            .Select(kv => (Key: Canonical(kv.Key), Value: Canonical(kv.Value)))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key}:{kv.Value}")) + "}",
        _ => node.ToString(),
    };
}
