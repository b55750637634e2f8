using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace KubeApiExporter.KubeApiServer;

/// <summary>
/// An in-process stand-in for kube-apiserver on the paths an informer uses (list with
/// paging, watch with bookmarks and 410 expiry, get, discovery), served over real HTTP on
/// 127.0.0.1 so the exporter is tested through KubernetesClient exactly as in a cluster.
/// Tests change objects and inject faults through this class while watches stream.
/// </summary>
public sealed class KubeApiTestServer : IAsyncDisposable
{
    private readonly KubeApiTestServerOptions _options;
    private readonly ObjectStore _store;
    private readonly FaultInjector _faults = new();
    private readonly RequestCounters _counters = new();
    private readonly ApiRequestHandler _handler;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly Lazy<X509Certificate2> _certificate = new(SelfSignedCertificate.Create);
    private WebApplication? _app;
    private CancellationTokenSource? _running;

    private KubeApiTestServer(KubeApiTestServerOptions options)
    {
        _options = options;
        _store = new ObjectStore(options.HistoryLimit);
        _handler = new ApiRequestHandler(_store, _faults, _counters, options.BookmarkInterval, options.RequestLog);
        Port = options.Port;
        if (options.RegisterDefaultResources)
            AddDefaultResources();
    }

    public int Port { get; private set; }

    public Uri BaseUri => new($"{(_options.Tls ? "https" : "http")}://127.0.0.1:{Port}/");

    /// <summary>Requests of any kind seen so far, including discovery and failed ones.</summary>
    public int TotalRequests => _counters.Total;

    /// <summary>Watch streams open right now.</summary>
    public int OpenWatches => _store.OpenWatches;

    /// <summary>Delay before answering any request, to simulate a slow or overloaded API server.</summary>
    public TimeSpan ResponseDelay
    {
        get => _faults.ResponseDelay;
        set => _faults.ResponseDelay = value;
    }

    /// <summary>
    /// Fault: while true, every open watch stream and every new one sends nothing at all (no
    /// events, no bookmarks) and ignores timeoutSeconds, like a TCP connection that died
    /// silently. A new watch opened after it is set back to false works normally; streams that
    /// hung stay hung until the client gives up (or the server stops).
    /// </summary>
    public bool HangWatches
    {
        get => _faults.HangWatches;
        set => _faults.HangWatches = value;
    }

    /// <summary>
    /// Fault: while true the server is hung, like a SIGSTOPped kube-apiserver: connections are accepted
    /// and stay open, but no request gets an answer (discovery and /version included) and open watch
    /// streams send nothing, not even at timeoutSeconds. Set back to false, everything held resumes
    /// where it stopped (as after SIGCONT).
    /// </summary>
    public bool HangAll
    {
        get => _faults.HangAll;
        set => _faults.HangAll = value;
    }

    public static async Task<KubeApiTestServer> StartAsync(KubeApiTestServerOptions? options = null, CancellationToken ct = default)
    {
        var server = new KubeApiTestServer(options ?? new KubeApiTestServerOptions());
        await server.StartListeningAsync(ct);
        return server;
    }

    /// <summary>Writes a kubeconfig (server http(s)://127.0.0.1:PORT, token "test-token") and returns its path.</summary>
    public string WriteKubeconfig(string directory) => KubeconfigFile.Write(directory, BaseUri);

    /// <summary>Serve a resource; until then its paths answer 404 like a CRD that is not installed.</summary>
    public void AddResource(string apiVersion, string plural, string kind, bool namespaced)
    {
        var (group, version) = ResourceType.SplitApiVersion(apiVersion);
        _store.AddResource(new ResourceType(group, version, plural, kind, namespaced));
    }

    /// <summary>The kinds of the shipped exporter.yaml, plus nodes as a cluster-scoped one.</summary>
    public void AddDefaultResources()
    {
        AddResource("v1", "pods", "Pod", namespaced: true);
        AddResource("apps/v1", "deployments", "Deployment", namespaced: true);
        AddResource("batch/v1", "jobs", "Job", namespaced: true);
        AddResource("v1", "replicationcontrollers", "ReplicationController", namespaced: true);
        AddResource("apps/v1", "daemonsets", "DaemonSet", namespaced: true);
        AddResource("v1", "nodes", "Node", namespaced: false);
    }

    /// <summary>
    /// Store a new object: assigns metadata.uid (if absent), resourceVersion, creationTimestamp
    /// (if absent) and generation 1, defaults the namespace to "default", emits ADDED.
    /// </summary>
    public JsonObject Create(string apiVersion, string plural, JsonObject obj) => _store.Create(apiVersion, plural, obj);

    /// <summary>Replace the object with the same namespace/name; bumps resourceVersion (and generation if spec changed), emits MODIFIED.</summary>
    public JsonObject Update(string apiVersion, string plural, JsonObject obj) => _store.Update(apiVersion, plural, obj);

    /// <summary>Read-modify-write of one object through <see cref="Update"/>.</summary>
    public JsonObject Mutate(string apiVersion, string plural, string? ns, string name, Action<JsonObject> change)
    {
        var current = _store.Get(apiVersion, plural, ns, name) ?? throw new KeyNotFoundException($"{plural} \"{ns}/{name}\" not found");
        change(current);
        return Update(apiVersion, plural, current);
    }

    /// <summary>Remove an object; emits DELETED carrying its last state with a new resourceVersion.</summary>
    public void Delete(string apiVersion, string plural, string? ns, string name) => _store.Delete(apiVersion, plural, ns, name);

    /// <summary>Copies of the stored objects (with kind and apiVersion), in list order.</summary>
    public IReadOnlyList<JsonObject> List(string apiVersion, string plural) => _store.List(apiVersion, plural);

    /// <summary>End every open watch stream cleanly, as the real server does at its watch timeout.</summary>
    public void CloseAllWatches() => _store.EndAllWatches();

    /// <summary>Fault: writes <paramref name="line"/> as-is into every open watch of <paramref name="plural"/> (a truncated or non-JSON event).</summary>
    public void SendRawWatchLine(string plural, string line) => _store.SendRawWatchLine(plural, line);

    /// <summary>
    /// The next <paramref name="count"/> list, watch or get requests for <paramref name="plural"/>
    /// (null: any resource) are answered with a Status of <paramref name="statusCode"/>;
    /// int.MaxValue keeps failing until <see cref="ClearFaults"/>.
    /// </summary>
    public void FailRequests(int count, int statusCode, string? plural = null) => _faults.Add(count, statusCode, plural);

    public void ClearFaults() => _faults.Clear();

    /// <summary>
    /// Drop the event history, so every resourceVersion handed out so far is expired: a watch
    /// from it gets an ERROR event with a 410 Status, a list continue token gets HTTP 410.
    /// The global resourceVersion moves on by one (as it constantly does in a real cluster),
    /// so even a client that saw the very latest version must relist.
    /// </summary>
    public void CompactHistory() => _store.Compact();

    public int ListRequests(string plural) => _counters.Lists(plural);

    public int WatchRequests(string plural) => _counters.Watches(plural);

    /// <summary>Go away: open watches are dropped mid-stream and new connections are refused. Objects are kept.</summary>
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            await StopListeningAsync();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Come back on the same port with the same objects and resourceVersions.</summary>
    public async Task RestartAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            await StopListeningAsync();
            await StartListeningAsync(CancellationToken.None);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _lifecycle.Dispose();
    }

    private async Task StartListeningAsync(CancellationToken ct)
    {
        // Right after a stop the port may still be held for a moment; retry the bind briefly.
        for (var attempt = 1; ; attempt++)
        {
            var running = new CancellationTokenSource();
            var app = BuildApp(running.Token);
            try
            {
                await app.StartAsync(ct);
                _app = app;
                _running = running;
                break;
            }
            catch (IOException) when (attempt < 20)
            {
                await app.DisposeAsync();
                running.Dispose();
                await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
            }
        }
        if (Port == 0)
        {
            var addresses = _app!.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
            Port = new Uri(addresses.Addresses.First()).Port;
        }
    }

    private WebApplication BuildApp(CancellationToken serverStopping)
    {
        // No config file watching: many servers in one test process would exhaust inotify.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, ManualHostLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, Port, l =>
            {
                if (_options.Tls)
                {
                    l.Protocols = HttpProtocols.Http1AndHttp2;
                    l.UseHttps(_certificate.Value);
                }
                else
                    l.Protocols = HttpProtocols.Http1;
            });
        });
        var app = builder.Build();
        app.Run(context => _handler.HandleAsync(context, serverStopping));
        return app;
    }

    private async Task StopListeningAsync()
    {
        if (_app is null)
            return;
        await _running!.CancelAsync(); // watch handlers abort their connections
        await _app.StopAsync();
        await _app.DisposeAsync();
        _running.Dispose();
        _app = null;
        _running = null;
    }
}
