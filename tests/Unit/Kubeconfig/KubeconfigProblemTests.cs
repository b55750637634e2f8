using k8s.Exceptions;
using KubeApiExporter.Fetcher;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Kubeconfig;

/// <summary>A kubeconfig the exporter cannot use says where (file:line:column) and how to fix it.</summary>
public sealed class KubeconfigProblemTests : IDisposable
{
    private readonly KubeconfigFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private KubeConfigException Refused(string kubeconfig, out string path)
    {
        path = _folder.Write("config", kubeconfig);
        var file = path;
        return Assert.Throws<KubeConfigException>(() => ClusterAccess.FromFile(file));
    }

    [Fact]
    public void Invalid_yaml_names_the_line()
    {
        var e = Refused("clusters:\n- name: c\n  cluster:\n    server: https://a: b\n", out var path);
        Assert.StartsWith($"{path}:4:", e.Message);
        Assert.Contains("not valid YAML", e.Message);
        Assert.Contains("Fix: correct the YAML there", e.Message);
    }

    [Fact]
    public void A_scalar_where_a_list_belongs_names_the_key_and_the_shape()
    {
        var e = Refused("apiVersion: v1\ncurrent-context: x\nclusters: prod\n", out var path);
        Assert.Equal($"{path}:3:11: clusters is 'prod'; it must be a list ('- ...' lines). Fix: write clusters as a list ('- ...' lines) (kubectl config view shows a valid kubeconfig)", e.Message);
    }

    [Fact]
    public void A_list_where_a_mapping_belongs_names_the_entry()
    {
        var e = Refused("clusters:\n- name: c\n  cluster:\n  - server: https://a\n", out var path);
        Assert.StartsWith($"{path}:4:3: clusters[0].cluster is a list; it must be a mapping with server", e.Message);
    }

    [Fact]
    public void A_boolean_that_is_not_one_names_the_key()
    {
        var e = Refused("clusters:\n- name: c\n  cluster:\n    server: https://a\n    insecure-skip-tls-verify: maybe\n", out var path);
        Assert.StartsWith($"{path}:5:31: clusters[0].cluster.insecure-skip-tls-verify is 'maybe'; it must be true or false.", e.Message);
    }

    [Fact]
    public void An_unclosed_flow_list_is_reported_not_crashed_on()
    {
        var e = Refused("clusters: [a, b\n", out var path);
        Assert.StartsWith(path, e.Message);
        Assert.Contains("not valid YAML", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("~\n")]
    public void An_empty_kubeconfig_says_so(string text)
    {
        var e = Refused(text, out var path);
        Assert.Equal($"kubeconfig {path} is empty", e.Message);
    }

    [Fact]
    public void Unknown_keys_are_ignored_as_kubectl_ignores_them()
    {
        var path = _folder.Write("config", """
            clusters: [{name: c, cluster: {server: "https://a:6443", insecure-skip-tls-verify: true, disable-compression: true}}]
            users: [{name: u, user: {token: t, future-key: 1}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            current-context: x
            some-new-top-level-key: {}
            """);
        Assert.Equal("https://a:6443", ClusterAccess.FromFile(path).Host);
    }
}
