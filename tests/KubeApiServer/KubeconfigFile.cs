namespace KubeApiExporter.KubeApiServer;

/// <summary>
/// A kubeconfig pointing at the test server over plain HTTP, or HTTPS without verification. The user has a token because
/// KubernetesClient rejects a named user with no credentials at all.
/// </summary>
internal static class KubeconfigFile
{
    public const string Token = "test-token";

    public static string Write(string directory, Uri server)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"kubeconfig-{server.Port}.yaml");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: kube-api-test
              cluster:
                server: {server.GetLeftPart(UriPartial.Authority)}{(server.Scheme == "https" ? "\n    insecure-skip-tls-verify: true" : "")}
            users:
            - name: test-user
              user:
                token: {Token}
            contexts:
            - name: kube-api-test
              context:
                cluster: kube-api-test
                user: test-user
                namespace: default
            current-context: kube-api-test

            """);
        return path;
    }
}
