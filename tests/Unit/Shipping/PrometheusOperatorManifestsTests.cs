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

    [Theory]
    [InlineData("servicemonitor.yaml", "k8s/30-service.yaml")]
    [InlineData("servicemonitor-shards.yaml", "k8s/sharded/30-service.yaml")]
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
