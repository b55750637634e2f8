using System.Net;
using System.Text;
using k8s;
using k8s.Authentication;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace KubeApiExporter.Fetcher.Kubeconfig;

/// <summary>
/// A read kubeconfig into the client's configuration: KubernetesClient's own
/// <see cref="KubernetesClientConfiguration.BuildConfigFromConfigObject"/> does the work (context, cluster,
/// certificates from files or data, token, basic auth, OIDC, insecure-skip-tls-verify, tls-server-name,
/// namespace). Around it, the active user's exec plugin is run here (KubernetesClient's runner needs
/// reflection-based JSON), and the two standard keys its model lacks are applied: a user's <c>tokenFile</c>
/// (re-read every minute, KubernetesClient's TokenFileAuth) and a cluster's <c>proxy-url</c>.
/// </summary>
public static class KubeconfigConfiguration
{
    public static KubernetesClientConfiguration Build(KubeconfigFile file, TimeProvider time)
    {
        var model = file.Model;
        var context = model.CurrentContext is { } name ? model.Contexts?.FirstOrDefault(c => Is(c.Name, name)) : null;
        var user = context?.ContextDetails?.User is { Length: > 0 } userName ? model.Users?.FirstOrDefault(u => Is(u.Name, userName)) : null;

        string? tokenFile = null;
        ExecCredential? execCredential = null;
        ExternalExecution? exec = null;
        if (user?.UserCredentials is { } credentials)
        {
            if (string.IsNullOrWhiteSpace(credentials.Token) && file.TokenFiles.TryGetValue(user.Name, out var path))
            {
                tokenFile = FullPath(model, path);
                credentials.Token = ReadToken(tokenFile, user.Name);
            }
            if (credentials.ExternalExecution is { } e)
            {
                // KubernetesClient's checks, in its words.
                if (string.IsNullOrWhiteSpace(e.Command))
                    throw new KubeConfigException("External command execution to receive user credentials must include a command to execute");
                if (string.IsNullOrWhiteSpace(e.ApiVersion))
                    throw new KubeConfigException("External command execution missing ApiVersion key");
                exec = e;
                execCredential = ExecCredentialPlugin.Run(e, KubernetesClientConfiguration.ExecTimeout);
                credentials.ExternalExecution = null; // run here; KubernetesClient takes the result as a token / certificate
                if (execCredential.Token is { Length: > 0 } token)
                    credentials.Token = token;
                if (execCredential.ClientCertificatePem is { Length: > 0 } cert && execCredential.ClientKeyPem is { Length: > 0 } key)
                {
                    // Base64 of the PEM text, as certificate data in a kubeconfig is.
                    credentials.ClientCertificateData = Convert.ToBase64String(Encoding.ASCII.GetBytes(cert));
                    credentials.ClientKeyData = Convert.ToBase64String(Encoding.ASCII.GetBytes(key));
                }
            }
        }

        var config = KubernetesClientConfiguration.BuildConfigFromConfigObject(model);
        if (exec is not null && execCredential?.Token is { Length: > 0 })
            config.TokenProvider = new ExecTokenSource(exec, execCredential, time);
        else if (tokenFile is not null)
            config.TokenProvider = new TokenFileAuth(tokenFile);

        var clusterName = context?.ContextDetails?.Cluster;
        if (clusterName is not null && file.ProxyUrls.FirstOrDefault(p => Is(p.Key, clusterName)).Value is { } proxyUrl)
        {
            var proxy = ProxyOf(proxyUrl, clusterName);
            var setup = config.FirstMessageHandlerSetup;
            config.FirstMessageHandlerSetup = handler =>
            {
                setup?.Invoke(handler);
                if (handler is SocketsHttpHandler sockets)
                {
                    sockets.Proxy = proxy;
                    sockets.UseProxy = true;
                }
            };
        }
        return config;
    }

    /// <summary>KubernetesClient matches context, cluster and user names ignoring case.</summary>
    private static bool Is(string? a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>Relative to the kubeconfig's folder, as KubernetesClient resolves certificate paths.</summary>
    private static string FullPath(K8SConfiguration model, string path) =>
        string.IsNullOrWhiteSpace(model.FileName) || Path.IsPathRooted(path) ? path : Path.Combine(Path.GetDirectoryName(model.FileName)!, path);

    private static string ReadToken(string path, string user)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubeConfigException($"user {user}: tokenFile {path} cannot be read ({e.Message}). Fix: mount the token there or correct tokenFile");
        }
    }

    private static WebProxy ProxyOf(string url, string cluster)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "socks5"))
            throw new KubeConfigException($"cluster {cluster}: proxy-url '{url}' is not an http, https or socks5 URL. Fix: write it as http://HOST:PORT");
        return new WebProxy(uri);
    }
}
