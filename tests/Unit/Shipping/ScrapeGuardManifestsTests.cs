using System.Text;
using KubeApiExporter.Host.ScrapeAuth;
using Xunit;
using YamlDotNet.RepresentationModel;

using static KubeApiExporter.Tests.Unit.Shipping.ManifestYaml;

namespace KubeApiExporter.Tests.Unit.Shipping;

/// <summary>
/// k8s/scrape-guard/: the exporter gets create on tokenreviews and subjectaccessreviews only there (the
/// default ClusterRole stays read-only), and the reader role grants exactly what the guard checks.
/// </summary>
public sealed class ScrapeGuardManifestsTests
{
    private static readonly string Dir = Path.Combine(RepoPaths.Root, "k8s", "scrape-guard");

    [Fact]
    public void Exporter_may_create_token_and_subject_access_reviews_and_nothing_else()
    {
        var docs = Load("10-clusterrole.yaml");
        var role = Assert.Single(docs, d => Scalar(d, "kind") == "ClusterRole");
        var rules = Rules(role);
        Assert.Equal(
            new[] { "authentication.k8s.io/tokenreviews:create", "authorization.k8s.io/subjectaccessreviews:create" }.Order(),
            rules.Order());

        var binding = Assert.Single(docs, d => Scalar(d, "kind") == "ClusterRoleBinding");
        Assert.Equal(Scalar(role, "metadata", "name"), Scalar(binding, "roleRef", "name"));
        var subject = Assert.IsType<YamlMappingNode>(Assert.Single(((YamlSequenceNode)Node(binding, "subjects")!).Children));
        Assert.Equal(("ServiceAccount", "kube-api-exporter", "kube-api-exporter"), (Scalar(subject, "kind"), Scalar(subject, "name"), Scalar(subject, "namespace")));
    }

    [Fact]
    public void Metrics_reader_grants_exactly_the_non_resource_URL_and_verb_the_guard_checks()
    {
        var docs = Load("20-metrics-reader.yaml");
        var role = Assert.Single(docs, d => Scalar(d, "kind") == "ClusterRole");
        var rule = Assert.IsType<YamlMappingNode>(Assert.Single(((YamlSequenceNode)Node(role, "rules")!).Children));
        Assert.Equal([ScrapeGuard.Path], Strings(rule, "nonResourceURLs"));
        Assert.Equal([ScrapeGuard.Verb], Strings(rule, "verbs"));
        Assert.Null(Node(rule, "resources"));
        var binding = Assert.Single(docs, d => Scalar(d, "kind") == "ClusterRoleBinding");
        Assert.Equal(Scalar(role, "metadata", "name"), Scalar(binding, "roleRef", "name"));
    }

    private static List<string> Rules(YamlMappingNode role) =>
        ((YamlSequenceNode)Node(role, "rules")!).Children.Cast<YamlMappingNode>()
            .SelectMany(r => Strings(r, "apiGroups").SelectMany(g => Strings(r, "resources").SelectMany(res => Strings(r, "verbs").Select(v => $"{g}/{res}:{v}"))))
            .ToList();

    private static List<YamlMappingNode> Load(string file)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Dir, file), new UTF8Encoding(false)))
            stream.Load(reader);
        return stream.Documents.Select(d => Assert.IsType<YamlMappingNode>(d.RootNode)).ToList();
    }
}
