namespace KubeApiExporter.KubeApiServer;

/// <summary>How a <see cref="KubeApiTestServer"/> is started.</summary>
public sealed record KubeApiTestServerOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one (kept across <see cref="KubeApiTestServer.RestartAsync"/>).</summary>
    public int Port { get; init; }

    /// <summary>
    /// Watch events kept per resource, like the apiserver's watch cache. A watch or a list
    /// continuation from a resourceVersion older than the oldest kept event gets 410 Expired.
    /// </summary>
    public int HistoryLimit { get; init; } = 1000;

    /// <summary>How often a watch with allowWatchBookmarks=true gets a BOOKMARK (the real server: about a minute).</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Register pods, deployments, jobs, replicationcontrollers, daemonsets and nodes at start.</summary>
    public bool RegisterDefaultResources { get; init; } = true;

    /// <summary>
    /// Serve HTTPS with a self-signed certificate and offer HTTP/2 (ALPN), as a real API server does, so
    /// KubernetesClient multiplexes every request on one connection and sends HTTP/2 pings. The kubeconfig
    /// then skips certificate verification.
    /// </summary>
    public bool Tls { get; init; }

    /// <summary>Receives one line per request ("GET /api/v1/pods?watch=true"), e.g. a test output helper.</summary>
    public Action<string>? RequestLog { get; init; }
}
