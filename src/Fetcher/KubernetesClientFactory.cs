using System.Net.Http;
using System.Runtime.CompilerServices;
using k8s;

namespace KubeApiExporter.Fetcher;

/// <summary>Creates the API client the watchers share.</summary>
public static class KubernetesClientFactory
{
    /// <summary>
    /// The API server accepts objects nested far deeper than System.Text.Json's default of 64
    /// (CRDs with preserve-unknown-fields); with the default, one such object fails every list
    /// of its resource. Lists and watches are parsed with this depth (<see cref="ApiRequests"/>). No JSON of
    /// the exporter goes through KubernetesClient's serializer any more (its reflection-based options are
    /// unavailable in a Native AOT build), so its options are left alone. The flattener has its own, smaller depth cap.
    /// </summary>
    public const int MaxJsonDepth = 1000;

    /// <summary>
    /// HTTP/2 keep-alive pings (TLS API servers speak HTTP/2; one connection carries every watch). A
    /// connection that received nothing for PingDelay is pinged; no answer within PingTimeout aborts it,
    /// failing every request on it, and the next requests open a new connection. SocketsHttpHandler
    /// checks on a coarse heartbeat: measured here, 20 s + 10 s notice a SIGSTOPped server 33.7 s after
    /// its last frame, while client-go's 30 s + 15 s took 51.3 s (more than 45 s).
    /// </summary>
    public static readonly TimeSpan PingDelay = TimeSpan.FromSeconds(20);

    public static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(10);

    /// <summary>TCP + TLS connect limit (the handler's default is none; a blackholed SYN retries for about two minutes).</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private static readonly ConditionalWeakTable<Kubernetes, RequestSettings> s_settings = new();

    /// <summary>What the exporter's own list and watch requests need of the configuration that the client keeps private.</summary>
    internal sealed record RequestSettings(string? TlsServerName, bool DisableHttp2);

    /// <summary>The settings of a client made by <see cref="Create"/>; a client made otherwise gets the defaults (HTTP/2, no TLS server name).</summary>
    internal static RequestSettings SettingsOf(Kubernetes client) =>
        s_settings.TryGetValue(client, out var settings) ? settings : new RequestSettings(null, false);

    public static IKubernetes Create(KubernetesClientConfiguration config)
    {
        var setup = config.FirstMessageHandlerSetup;
        config.FirstMessageHandlerSetup = handler =>
        {
            setup?.Invoke(handler);
            if (handler is SocketsHttpHandler sockets)
            {
                // The client's own defaults ping only after 3 min idle with active requests.
                sockets.KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always;
                sockets.KeepAlivePingDelay = PingDelay;
                sockets.KeepAlivePingTimeout = PingTimeout;
                sockets.ConnectTimeout = ConnectTimeout;
            }
        };
        var client = new Kubernetes(config);
        s_settings.AddOrUpdate(client, new RequestSettings(config.TlsServerName, config.DisableHttp2));
        return client;
    }
}
