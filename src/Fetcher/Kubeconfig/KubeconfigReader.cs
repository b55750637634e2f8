using k8s.Exceptions;
using k8s.KubeConfigModels;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KubeApiExporter.Fetcher.Kubeconfig;

/// <summary>
/// Reads a kubeconfig file into KubernetesClient's <see cref="K8SConfiguration"/> from YamlDotNet's node
/// model (<see cref="YamlStream"/>), key by key. KubernetesClient reads it with YamlDotNet's reflection
/// deserializer, which a Native AOT build cannot run; this keeps its model (and so its own
/// <c>BuildConfigFromConfigObject</c>) and its reading: keys as kubectl writes them, unknown keys ignored,
/// anchors and merge keys (<c>&lt;&lt;</c>) resolved. A key of the wrong shape (a list where a mapping
/// belongs, "maybe" for a boolean) is an error naming file:line:column and the fix, where the reflection
/// deserializer said "Exception during deserialization".
/// </summary>
public static class KubeconfigReader
{
    public static KubeconfigFile Read(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
            throw new KubeConfigException($"kubeconfig file not found at {file.FullName}");
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(file.FullName);
            stream.Load(new MergingParser(new Parser(reader)));
        }
        catch (YamlException e)
        {
            var message = e.Message == "Exception during deserialization" && e.InnerException is not null ? e.InnerException.Message : e.Message;
            throw new KubeConfigException($"{file.FullName}:{e.Start.Line}:{e.Start.Column}: not valid YAML: {message} Fix: correct the YAML there (kubectl config view --kubeconfig {file.FullName} reads it as kubectl does)");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet#541: an unclosed flow collection ("[a, b") surfaces without a position.
            throw new KubeConfigException($"{file.FullName}: not valid YAML: an unclosed '[' or '{{'. Fix: close it");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" or "~" or "null" })
            throw new KubeConfigException($"kubeconfig {file.FullName} is empty");
        var read = new Reading(file.FullName);
        var model = read.Configuration(stream.Documents[0].RootNode);
        model.FileName = file.FullName;
        return new KubeconfigFile(model, read.TokenFiles, read.ProxyUrls);
    }

    /// <summary>One file's reading: where errors point, and the keys the model has no place for.</summary>
    private sealed class Reading(string fileName)
    {
        public Dictionary<string, string> TokenFiles { get; } = new(StringComparer.OrdinalIgnoreCase);
        public Dictionary<string, string> ProxyUrls { get; } = new(StringComparer.OrdinalIgnoreCase);

        private readonly YamlNodes _nodes = new(fileName);

        public K8SConfiguration Configuration(YamlNode root)
        {
            var config = new K8SConfiguration();
            foreach (var (key, value) in _nodes.Mapping(root, "the kubeconfig", "a mapping with apiVersion, clusters, contexts, users and current-context"))
            {
                switch (key)
                {
                    case "apiVersion": config.ApiVersion = _nodes.Text(value, key); break;
                    case "kind": config.Kind = _nodes.Text(value, key); break;
                    case "current-context": config.CurrentContext = _nodes.Text(value, key); break;
                    case "preferences": config.Preferences = _nodes.Map(value, key) is { } p ? new Dictionary<string, object>(p!) : null; break;
                    case "clusters": config.Clusters = _nodes.Items(value, key, Cluster); break;
                    case "contexts": config.Contexts = _nodes.Items(value, key, Context); break;
                    case "users": config.Users = _nodes.Items(value, key, User); break;
                    case "extensions": config.Extensions = Extensions(value, key); break;
                }
            }
            return config;
        }

        private Cluster Cluster(YamlNode node, string where)
        {
            var cluster = new Cluster();
            YamlNode? endpoint = null;
            foreach (var (key, value) in _nodes.Mapping(node, where, "'- name: NAME' with 'cluster:' (server, certificate-authority...) under it"))
            {
                switch (key)
                {
                    case "name": cluster.Name = _nodes.Text(value, $"{where}.name"); break;
                    case "cluster": endpoint = value; break;
                }
            }
            if (endpoint is not null)
                cluster.ClusterEndpoint = ClusterEndpoint(endpoint, $"{where}.cluster", cluster.Name);
            return cluster;
        }

        private ClusterEndpoint? ClusterEndpoint(YamlNode node, string where, string? clusterName)
        {
            if (YamlNodes.IsNull(node))
                return null;
            var endpoint = new ClusterEndpoint();
            foreach (var (key, value) in _nodes.Mapping(node, where, "a mapping with server, certificate-authority(-data), insecure-skip-tls-verify..."))
            {
                var at = $"{where}.{key}";
                switch (key)
                {
                    case "server": endpoint.Server = _nodes.Text(value, at); break;
                    case "certificate-authority": endpoint.CertificateAuthority = _nodes.Text(value, at); break;
                    case "certificate-authority-data": endpoint.CertificateAuthorityData = _nodes.Text(value, at); break;
                    case "tls-server-name": endpoint.TlsServerName = _nodes.Text(value, at); break;
                    case "insecure-skip-tls-verify": endpoint.SkipTlsVerify = _nodes.Bool(value, at); break;
                    case "extensions": endpoint.Extensions = Extensions(value, at); break;
                    case "proxy-url":
                        if (_nodes.Text(value, at) is { Length: > 0 } proxy && clusterName is not null)
                            ProxyUrls[clusterName] = proxy;
                        break;
                }
            }
            return endpoint;
        }

        private Context Context(YamlNode node, string where)
        {
            var context = new Context();
            foreach (var (key, value) in _nodes.Mapping(node, where, "'- name: NAME' with 'context:' (cluster, user, namespace) under it"))
            {
                var at = $"{where}.{key}";
                switch (key)
                {
                    case "name": context.Name = _nodes.Text(value, at); break;
                    case "context": context.ContextDetails = ContextDetails(value, at); break;
                    case "extensions": context.Extensions = Extensions(value, at); break;
#pragma warning disable CS0618 // KubernetesClient's model keeps this key (beside context.namespace, the one it uses); read it as its reader does.
                    case "namespace": context.Namespace = _nodes.Text(value, at); break;
#pragma warning restore CS0618
                }
            }
            return context;
        }

        private ContextDetails? ContextDetails(YamlNode node, string where)
        {
            if (YamlNodes.IsNull(node))
                return null;
            var details = new ContextDetails();
            foreach (var (key, value) in _nodes.Mapping(node, where, "a mapping with cluster, user and namespace"))
            {
                var at = $"{where}.{key}";
                switch (key)
                {
                    case "cluster": details.Cluster = _nodes.Text(value, at); break;
                    case "user": details.User = _nodes.Text(value, at); break;
                    case "namespace": details.Namespace = _nodes.Text(value, at); break;
                    case "extensions": details.Extensions = Extensions(value, at); break;
                }
            }
            return details;
        }

        private User User(YamlNode node, string where)
        {
            var user = new User();
            YamlNode? credentials = null;
            foreach (var (key, value) in _nodes.Mapping(node, where, "'- name: NAME' with 'user:' (token, client-certificate, exec...) under it"))
            {
                switch (key)
                {
                    case "name": user.Name = _nodes.Text(value, $"{where}.name"); break;
                    case "user": credentials = value; break;
                }
            }
            if (credentials is not null)
                user.UserCredentials = UserCredentials(credentials, $"{where}.user", user.Name);
            return user;
        }

        private UserCredentials? UserCredentials(YamlNode node, string where, string? userName)
        {
            if (YamlNodes.IsNull(node))
                return null;
            var c = new UserCredentials();
            foreach (var (key, value) in _nodes.Mapping(node, where, "a mapping with token, tokenFile, client-certificate(-data), client-key(-data), exec..."))
            {
                var at = $"{where}.{key}";
                switch (key)
                {
                    case "client-certificate-data": c.ClientCertificateData = _nodes.Text(value, at); break;
                    case "client-certificate": c.ClientCertificate = _nodes.Text(value, at); break;
                    case "client-key-data": c.ClientKeyData = _nodes.Text(value, at); break;
                    case "client-key": c.ClientKey = _nodes.Text(value, at); break;
                    case "token": c.Token = _nodes.Text(value, at); break;
                    case "username": c.UserName = _nodes.Text(value, at); break;
                    case "password": c.Password = _nodes.Text(value, at); break;
                    case "as": c.Impersonate = _nodes.Text(value, at); break;
                    case "as-groups": c.ImpersonateGroups = _nodes.Items(value, at, (n, w) => _nodes.Text(n, w)!) ?? []; break;
                    case "as-user-extra": c.ImpersonateUserExtra = _nodes.StringMap(value, at) ?? []; break;
                    case "auth-provider": c.AuthProvider = AuthProvider(value, at); break;
                    case "exec": c.ExternalExecution = Exec(value, at); break;
                    case "extensions": c.Extensions = Extensions(value, at); break;
                    case "tokenFile":
                        if (_nodes.Text(value, at) is { Length: > 0 } tokenFile && userName is not null)
                            TokenFiles[userName] = tokenFile;
                        break;
                }
            }
            return c;
        }

        private AuthProvider? AuthProvider(YamlNode node, string where)
        {
            if (YamlNodes.IsNull(node))
                return null;
            var provider = new AuthProvider();
            foreach (var (key, value) in _nodes.Mapping(node, where, "a mapping with name and config"))
            {
                switch (key)
                {
                    case "name": provider.Name = _nodes.Text(value, $"{where}.name"); break;
                    case "config": provider.Config = _nodes.StringMap(value, $"{where}.config"); break;
                }
            }
            return provider;
        }

        private ExternalExecution? Exec(YamlNode node, string where)
        {
            if (YamlNodes.IsNull(node))
                return null;
            var exec = new ExternalExecution();
            foreach (var (key, value) in _nodes.Mapping(node, where, "a mapping with apiVersion, command, args and env"))
            {
                var at = $"{where}.{key}";
                switch (key)
                {
                    case "apiVersion": exec.ApiVersion = _nodes.Text(value, at); break;
                    case "command": exec.Command = _nodes.Text(value, at); break;
                    case "args": exec.Arguments = _nodes.Items(value, at, (n, w) => _nodes.Text(n, w)!); break;
                    case "env": exec.EnvironmentVariables = _nodes.Items(value, at, (n, w) => _nodes.StringMap(n, w) ?? []); break;
                    case "installHint": exec.InstallHint = _nodes.Text(value, at); break;
                    case "provideClusterInfo": exec.ProvideClusterInfo = _nodes.Bool(value, at); break;
                }
            }
            return exec;
        }

        private List<NamedExtension>? Extensions(YamlNode node, string where) => _nodes.Items(node, where, (n, w) =>
        {
            var extension = new NamedExtension();
            foreach (var (key, value) in _nodes.Mapping(n, w, "'- name: NAME' with 'extension:' under it"))
            {
                switch (key)
                {
                    case "name": extension.Name = _nodes.Text(value, $"{w}.name"); break;
                    case "extension": extension.Extension = YamlNodes.Plain(value); break;
                }
            }
            return extension;
        });
    }
}
