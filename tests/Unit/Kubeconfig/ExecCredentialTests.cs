using k8s.Exceptions;
using k8s.KubeConfigModels;
using KubeApiExporter.Fetcher;
using KubeApiExporter.Fetcher.Kubeconfig;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Kubeconfig;

/// <summary>A kubeconfig user with an <c>exec</c> credential plugin (client-go's protocol), run by the exporter itself.</summary>
public sealed class ExecCredentialTests : IDisposable
{
    private readonly KubeconfigFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Kubeconfig(string command, string apiVersion = "client.authentication.k8s.io/v1") => _folder.Write("config", $$$"""
        clusters: [{name: c, cluster: {server: "https://api.example:6443", insecure-skip-tls-verify: true}}]
        contexts: [{name: x, context: {cluster: c, user: u}}]
        current-context: x
        users:
        - name: u
          user:
            exec:
              apiVersion: {{{apiVersion}}}
              command: {{{command}}}
              args: [--cluster, "prod east"]
              env:
              - name: PLUGIN_REGION
                value: eu-1
              installHint: install the example plugin
        """);

    [Fact]
    public async Task The_plugins_token_is_sent_with_its_args_env_and_exec_info()
    {
        var plugin = _folder.Script("plugin", """
            echo "$KUBERNETES_EXEC_INFO" > "$(dirname "$0")/exec-info.json"
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"exec-%s-%s"}}' "$2" "$PLUGIN_REGION" | tr ' ' '_'
            """);
        var config = ClusterAccess.FromFile(Kubeconfig(plugin));
        Assert.NotNull(config.TokenProvider);
        Assert.Equal("Bearer exec-prod_east-eu-1", (await config.TokenProvider.GetAuthenticationHeaderAsync(CancellationToken.None)).ToString());
        var info = System.Text.Json.JsonDocument.Parse(File.ReadAllText(_folder.File("exec-info.json"))).RootElement;
        Assert.Equal("client.authentication.k8s.io/v1", info.GetProperty("apiVersion").GetString());
        Assert.Equal("ExecCredential", info.GetProperty("kind").GetString());
    }

    [Fact]
    public void A_plugins_client_certificate_becomes_the_clients_certificate_data()
    {
        var certJson = System.Text.Json.JsonSerializer.Serialize(_folder.CaPem);
        var keyJson = System.Text.Json.JsonSerializer.Serialize(_folder.KeyPem);
        _folder.Write("answer.json", $$$"""{"apiVersion":"client.authentication.k8s.io/v1","status":{"clientCertificateData":{{{certJson}}},"clientKeyData":{{{keyJson}}}}}""");
        var plugin = _folder.Script("plugin", "cat \"$(dirname \"$0\")/answer.json\"");
        var config = ClusterAccess.FromFile(Kubeconfig(plugin));
        Assert.Equal(KubeconfigFolder.Base64(_folder.CaPem), config.ClientCertificateData);
        Assert.Equal(KubeconfigFolder.Base64(_folder.KeyPem), config.ClientCertificateKeyData);
        Assert.Null(config.TokenProvider);
    }

    [Fact]
    public async Task An_expiring_token_is_fetched_again()
    {
        var plugin = _folder.Script("plugin", """
            n=$(cat "$(dirname "$0")/count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$(dirname "$0")/count"
            printf '{"apiVersion":"client.authentication.k8s.io/v1","status":{"token":"t%s","expirationTimestamp":"2030-01-01T00:10:00Z"}}' $n
            """);
        var exec = new ExternalExecution { ApiVersion = "client.authentication.k8s.io/v1", Command = plugin };
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var source = new ExecTokenSource(exec, ExecCredentialPlugin.Run(exec, TimeSpan.FromSeconds(30)), time);
        Assert.Equal("Bearer t1", (await source.GetAuthenticationHeaderAsync(CancellationToken.None)).ToString());
        time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal("Bearer t1", (await source.GetAuthenticationHeaderAsync(CancellationToken.None)).ToString());
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal("Bearer t2", (await source.GetAuthenticationHeaderAsync(CancellationToken.None)).ToString());
    }

    [Fact]
    public void A_failing_plugin_says_what_it_printed_and_the_install_hint()
    {
        var plugin = _folder.Script("plugin", "echo 'error: not logged in' >&2; exit 3");
        var e = Assert.Throws<KubeConfigException>(() => ClusterAccess.FromFile(Kubeconfig(plugin)));
        Assert.Contains("exited with 3: error: not logged in (install the example plugin)", e.Message);
    }

    [Fact]
    public void A_missing_plugin_says_so()
    {
        var e = Assert.Throws<KubeConfigException>(() => ClusterAccess.FromFile(Kubeconfig(_folder.File("no-such-plugin"))));
        Assert.StartsWith("external exec failed due to:", e.Message);
        Assert.Contains("install the example plugin", e.Message);
    }

    [Theory]
    [InlineData("""{"apiVersion":"client.authentication.k8s.io/v1beta1","status":{"token":"t"}}""", "api version client.authentication.k8s.io/v1beta1 does not match client.authentication.k8s.io/v1")]
    [InlineData("""{"apiVersion":"client.authentication.k8s.io/v1","status":{}}""", "missing token or clientCertificateData")]
    [InlineData("""not json""", "failed deserialization")]
    public void A_plugin_answer_that_is_not_a_credential_is_refused(string answer, string message)
    {
        var e = Assert.Throws<KubeConfigException>(() => ExecCredentialPlugin.Parse(answer, "client.authentication.k8s.io/v1"));
        Assert.Contains(message, e.Message);
    }
}
