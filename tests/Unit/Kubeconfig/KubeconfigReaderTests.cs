using System.Text.Json;
using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using KubeApiExporter.Fetcher;
using KubeApiExporter.Fetcher.Kubeconfig;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Kubeconfig;

/// <summary>
/// The exporter reads kubeconfig itself (no reflection, so the Native AOT build reads it too) and hands
/// KubernetesClient its own model: what a user writes must give the connection kubectl would make.
/// </summary>
public sealed class KubeconfigReaderTests : IDisposable
{
    private readonly KubeconfigFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>Three contexts over two clusters and three users: every key KubernetesClient's model has.</summary>
    private string FullKubeconfig(string currentContext) => $"""
        apiVersion: v1
        kind: Config
        preferences:
          colors: true
        current-context: {currentContext}
        clusters:
        - name: prod
          cluster:
            server: https://10.1.2.3:6443
            certificate-authority: ca.crt
            tls-server-name: kubernetes.default.svc
            extensions:
            - name: client.authentication.k8s.io/exec
              extension:
                audience: prod
        - name: dev
          cluster:
            server: https://dev.example:443
            certificate-authority-data: {KubeconfigFolder.Base64(_folder.CaPem)}
        - name: lab
          cluster:
            server: https://lab.example:6443
            insecure-skip-tls-verify: true
        contexts:
        - name: prod-admin
          context:
            cluster: prod
            user: admin-files
            namespace: monitoring
        - name: dev-data
          context:
            cluster: dev
            user: admin-data
        - name: lab-token
          context:
            cluster: lab
            user: exporter
            namespace: kube-api-exporter
          extensions:
          - name: note
            extension: lab only
        users:
        - name: admin-files
          user:
            client-certificate: client.crt
            client-key: client.key
        - name: admin-data
          user:
            client-certificate-data: {KubeconfigFolder.Base64(_folder.CaPem)}
            client-key-data: {KubeconfigFolder.Base64(_folder.KeyPem)}
            as: someone
            as-groups: [a, b]
        - name: exporter
          user:
            token: sa-token-123
        """;

    private KubernetesClientConfiguration Build(string kubeconfig) => ClusterAccess.FromFile(_folder.Write("config", kubeconfig));

    [Fact]
    public void Certificates_from_files_tls_server_name_and_namespace()
    {
        var config = Build(FullKubeconfig("prod-admin"));
        Assert.Equal("prod-admin", config.CurrentContext);
        Assert.Equal("https://10.1.2.3:6443", config.Host);
        Assert.Equal("kubernetes.default.svc", config.TlsServerName);
        Assert.Equal(_folder.CaThumbprint, Assert.Single(config.SslCaCerts).Thumbprint);
        Assert.Equal(_folder.File("client.crt"), config.ClientCertificateFilePath);
        Assert.Equal(_folder.File("client.key"), config.ClientKeyFilePath);
        Assert.Equal("monitoring", config.Namespace);
        Assert.False(config.SkipTlsVerify);
        Assert.Null(config.AccessToken);
    }

    [Fact]
    public void Certificates_from_data()
    {
        var config = Build(FullKubeconfig("dev-data"));
        Assert.Equal("https://dev.example:443", config.Host);
        Assert.Equal(_folder.CaThumbprint, Assert.Single(config.SslCaCerts).Thumbprint);
        Assert.Equal(KubeconfigFolder.Base64(_folder.CaPem), config.ClientCertificateData);
        Assert.Equal(KubeconfigFolder.Base64(_folder.KeyPem), config.ClientCertificateKeyData);
        Assert.Null(config.Namespace);
    }

    [Fact]
    public void Token_and_insecure_skip_tls_verify()
    {
        var config = Build(FullKubeconfig("lab-token"));
        Assert.Equal("https://lab.example:6443", config.Host);
        Assert.True(config.SkipTlsVerify);
        Assert.Equal("sa-token-123", config.AccessToken);
        Assert.Equal("kube-api-exporter", config.Namespace);
    }

    [Theory]
    [InlineData("prod-admin")]
    [InlineData("dev-data")]
    [InlineData("lab-token")]
    public void The_model_is_the_one_KubernetesClients_own_reader_makes(string context)
    {
        var path = _folder.Write("config", FullKubeconfig(context));
        var ours = KubeconfigReader.Read(path).Model;
        var theirs = KubernetesClientConfiguration.LoadKubeConfig(path);
        Assert.Equal("prod", Assert.IsType<Dictionary<string, object?>>(
            Assert.Single(Assert.Single(ours.Clusters, c => c.Name == "prod").ClusterEndpoint.Extensions).Extension)["audience"]);
        Assert.Equal("lab only", Assert.Single(Assert.Single(ours.Contexts, c => c.Name == "lab-token").Extensions).Extension);
        Assert.Equal("true", ours.Preferences["colors"]);
        Assert.Equal(Comparable(theirs), Comparable(ours));
    }

    /// <summary>The model as JSON, without the untyped values (extensions, preferences) whose .NET types the two readers choose differently.</summary>
    private static string Comparable(K8SConfiguration model)
    {
        foreach (var c in model.Clusters)
            c.ClusterEndpoint.Extensions = null;
        foreach (var c in model.Contexts)
        {
            c.Extensions = null;
            c.ContextDetails.Extensions = null;
        }
        foreach (var u in model.Users)
            u.UserCredentials.Extensions = null;
        model.Preferences = null;
        return JsonSerializer.Serialize(model, new JsonSerializerOptions { WriteIndented = true });
    }

    [Fact]
    public async Task Token_file_is_read_relative_to_the_kubeconfig_and_sent_as_bearer()
    {
        _folder.Write("token", "file-token-456\n");
        var config = Build("""
            clusters: [{name: c, cluster: {server: "https://api.example:6443", insecure-skip-tls-verify: true}}]
            users: [{name: u, user: {tokenFile: token}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            current-context: x
            """);
        Assert.NotNull(config.TokenProvider);
        Assert.Equal("Bearer file-token-456", (await config.TokenProvider.GetAuthenticationHeaderAsync(CancellationToken.None)).ToString());
    }

    [Fact]
    public void A_token_beats_a_token_file_as_in_kubectl()
    {
        var config = Build("""
            clusters: [{name: c, cluster: {server: "https://api.example:6443", insecure-skip-tls-verify: true}}]
            users: [{name: u, user: {token: inline, tokenFile: /nonexistent/token}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            current-context: x
            """);
        Assert.Equal("inline", config.AccessToken);
        Assert.Null(config.TokenProvider);
    }

    [Fact]
    public void A_missing_token_file_is_an_error_naming_it()
    {
        var e = Assert.Throws<KubeConfigException>(() => Build("""
            clusters: [{name: c, cluster: {server: "https://api.example:6443"}}]
            users: [{name: u, user: {tokenFile: /nonexistent/token}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            current-context: x
            """));
        Assert.Contains("tokenFile /nonexistent/token cannot be read", e.Message);
        Assert.Contains("Fix:", e.Message);
    }

    [Fact]
    public void Proxy_url_is_the_proxy_of_the_clients_handler()
    {
        var config = Build("""
            clusters:
            - name: c
              cluster:
                server: https://api.example:6443
                proxy-url: http://proxy.corp:3128
                insecure-skip-tls-verify: true
            users: [{name: u, user: {token: t}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            current-context: x
            """);
        using var handler = new SocketsHttpHandler();
        Assert.NotNull(config.FirstMessageHandlerSetup);
        config.FirstMessageHandlerSetup(handler);
        Assert.True(handler.UseProxy);
        Assert.Equal(new Uri("http://proxy.corp:3128"), handler.Proxy!.GetProxy(new Uri("https://api.example:6443")));
    }

    [Fact]
    public void A_cluster_without_proxy_url_leaves_the_handler_alone()
    {
        var config = Build(FullKubeconfig("lab-token"));
        Assert.Null(config.FirstMessageHandlerSetup);
    }

    [Fact]
    public void A_proxy_url_that_is_not_a_url_is_an_error()
    {
        var e = Assert.Throws<KubeConfigException>(() => Build("""
            clusters: [{name: c, cluster: {server: "https://api.example:6443", proxy-url: "proxy.corp"}}]
            users: [{name: u, user: {token: t}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            current-context: x
            """));
        Assert.Contains("proxy-url 'proxy.corp'", e.Message);
        Assert.Contains("Fix: write it as http://HOST:PORT", e.Message);
    }

    [Fact]
    public void Anchors_and_merge_keys_are_resolved()
    {
        var config = Build("""
            clusters:
            - name: c
              cluster: &base
                server: https://api.example:6443
                insecure-skip-tls-verify: yes
            - name: d
              cluster:
                <<: *base
                tls-server-name: other
            users: [{name: u, user: {token: t}}]
            contexts: [{name: x, context: {cluster: d, user: u}}]
            current-context: x
            """);
        Assert.Equal("https://api.example:6443", config.Host);
        Assert.True(config.SkipTlsVerify);
        Assert.Equal("other", config.TlsServerName);
    }

    [Fact]
    public void A_context_without_user_is_anonymous_and_an_empty_user_is_refused_as_KubernetesClient_does()
    {
        const string Cluster = "clusters: [{name: c, cluster: {server: \"http://127.0.0.1:8080\"}}]\ncurrent-context: x\n";
        var anonymous = Build(Cluster + "contexts: [{name: x, context: {cluster: c}}]\n");
        Assert.Null(anonymous.AccessToken);
        var e = Assert.Throws<KubeConfigException>(() => Build(Cluster + "users: [{name: anon, user: {}}]\ncontexts: [{name: x, context: {cluster: c, user: anon}}]\n"));
        Assert.Contains("anon does not have appropriate auth credentials", e.Message);
    }
}
