namespace KubeApiExporter.Tests.Integration.Harness;

/// <summary>A kubeconfig for one identity: HTTPS with the test CA, a bearer token.</summary>
public static class TokenKubeconfig
{
    public static string Write(string path, Uri server, string caPath, ApiIdentity identity, string name)
    {
        var ca = Convert.ToBase64String(File.ReadAllBytes(caPath));
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
              - name: control-plane
                cluster:
                  server: {server.ToString().TrimEnd('/')}
                  certificate-authority-data: {ca}
            users:
              - name: {name}
                user:
                  token: {identity.Token}
            contexts:
              - name: {name}
                context:
                  cluster: control-plane
                  user: {name}
            current-context: {name}

            """);
        return path;
    }
}
