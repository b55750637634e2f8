using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using k8s;
using Xunit;

namespace KubeApiExporter.Tests.Integration.Harness;

/// <summary>
/// A real Kubernetes control plane on loopback, the way envtest gives Go operators one: etcd,
/// kube-apiserver (TLS, token authentication, RBAC) and kube-controller-manager, 1.20.2, built by
/// tests/ControlPlane/build-binaries.sh. No kubelet and no scheduler: pods stay Pending and
/// deployments never become available. One per test collection (start-up takes seconds);
/// every process is stopped by pid when the collection ends.
/// The shipped manifests are applied as a user applies them (`kubectl create -f k8s`), so the
/// exporter, run with <see cref="ExporterKubeconfig"/>, reads with the shipped ClusterRole.
/// This is the one way the tests (and bench e2e-cp) start a real control plane: as a collection
/// fixture (the whole of it), or with <see cref="StartAsync"/> and a <see cref="ControlPlaneSetup"/>
/// (the scrape guard's: etcd and kube-apiserver alone, with token users of its own).
/// </summary>
public sealed class ControlPlane : IAsyncLifetime, IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private string _dir = "";
    private ControlPlaneCertificates _certs = null!;
    private HttpClient _http = null!;
    private ControlPlaneProcess? _etcd, _apiServer, _controllerManager;
    private int _etcdPort, _etcdPeerPort, _apiServerPort;
    private int _apiServerStarts;
    private readonly ControlPlaneSetup _setup;

    /// <summary>The whole control plane with the shipped manifests: what the collection fixtures get.</summary>
    public ControlPlane() : this(new ControlPlaneSetup()) { }

    private ControlPlane(ControlPlaneSetup setup) => _setup = setup;

    /// <summary>
    /// Starts a control plane as <paramref name="setup"/> says, for one test (<c>await using</c>).
    /// Check <see cref="ControlPlaneBinaries.MissingReason"/> first: with binaries missing it starts nothing.
    /// </summary>
    public static async Task<ControlPlane> StartAsync(ControlPlaneSetup setup)
    {
        var controlPlane = new ControlPlane(setup);
        await controlPlane.InitializeAsync();
        return controlPlane;
    }

    public string? SkipReason { get; private set; }
    public ApiIdentity AdminIdentity { get; } = ApiIdentity.Admin();
    public ApiIdentity ExporterIdentity { get; } = ApiIdentity.ShippedServiceAccount();
    public string AdminKubeconfig { get; private set; } = "";
    /// <summary>The identity the shipped ClusterRoleBinding binds.</summary>
    public string ExporterKubeconfig { get; private set; } = "";
    /// <summary>The CA that signed the API server's certificate (PEM).</summary>
    public string CaPath => _certs.CaPath;
    public Uri ApiServerUri => new($"https://127.0.0.1:{_apiServerPort}/");
    public IKubernetes Admin { get; private set; } = null!;
    /// <summary>What `kubectl create -f k8s` answered when the control plane came up.</summary>
    public ToolRun.Result ShippedManifests { get; private set; } = null!;
    public TimeSpan StartupTime { get; private set; }

    /// <summary>Why a control plane as <paramref name="setup"/> says cannot start here (binaries, kubectl), or null.</summary>
    public static string? MissingReason(ControlPlaneSetup setup) =>
        ControlPlaneBinaries.MissingReason ?? (setup.ShippedManifests && Kubectl.Binary is null ? Kubectl.MissingReason : null);

    public async Task InitializeAsync()
    {
        SkipReason = MissingReason(_setup);
        if (SkipReason is not null)
            return;
        var clock = Stopwatch.StartNew();
        _dir = Directory.CreateTempSubdirectory("kae-control-plane-").FullName;
        try
        {
            _certs = ControlPlaneCertificates.Create(_dir);
            _http = new HttpClient(_certs.TrustingHandler()) { Timeout = TimeSpan.FromSeconds(10) };
            ApiIdentity.WriteTokenFile(Path.Combine(_dir, "tokens.csv"), [AdminIdentity, ExporterIdentity, .. _setup.Users]);
            (_etcdPort, _etcdPeerPort, _apiServerPort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
            AdminKubeconfig = TokenKubeconfig.Write(Path.Combine(_dir, "admin.kubeconfig"), ApiServerUri, _certs.CaPath, AdminIdentity, "admin");
            ExporterKubeconfig = TokenKubeconfig.Write(Path.Combine(_dir, "exporter.kubeconfig"), ApiServerUri, _certs.CaPath, ExporterIdentity, "kube-api-exporter");
            Admin = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(AdminKubeconfig));

            await StartEtcdAsync();
            await StartApiServerAsync();
            if (_setup.ControllerManager)
                StartControllerManager();

            if (_setup.ShippedManifests)
            {
                ShippedManifests = await Kubectl.RunAsync(AdminKubeconfig, "create", "-f", "k8s");
                if (ShippedManifests.ExitCode != 0)
                    throw new InvalidOperationException($"kubectl create -f k8s failed on a fresh control plane: {ShippedManifests}");
            }
            if (_setup.ControllerManager)
                await WaitForDefaultServiceAccountAsync();
            if (_setup.ShippedManifests)
                await WaitUntilAuthorizedAsync(ExporterIdentity, "apis/apps/v1/deployments?limit=1", ReadyTimeout);
            StartupTime = clock.Elapsed;
        }
        catch (Exception e)
        {
            var logs = Logs();
            await DisposeAsync();
            throw new InvalidOperationException($"control plane did not come up: {e.Message}\n{logs}", e);
        }
    }

    /// <summary>SIGKILL: a crash. Open watches end with a reset, requests are refused until a start.</summary>
    public Task CrashApiServerAsync() => _apiServer!.KillAsync();

    /// <summary>Starts kube-apiserver on its port (again) and waits for /readyz.</summary>
    public async Task StartApiServerAsync()
    {
        _apiServer?.Dispose();
        _apiServer = ControlPlaneProcess.Start("kube-apiserver", ControlPlaneBinaries.ApiServer,
        [
            $"--etcd-servers=http://127.0.0.1:{_etcdPort}",
            "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1",
            $"--secure-port={_apiServerPort}", "--insecure-port=0",
            $"--tls-cert-file={_certs.ServerCertPath}", $"--tls-private-key-file={_certs.ServerKeyPath}",
            $"--client-ca-file={_certs.CaPath}",
            $"--token-auth-file={Path.Combine(_dir, "tokens.csv")}",
            "--authorization-mode=RBAC",
            $"--service-account-key-file={_certs.ServiceAccountPublicKeyPath}",
            $"--service-account-signing-key-file={_certs.ServiceAccountKeyPath}",
            "--service-account-issuer=https://kubernetes.default.svc",
            "--api-audiences=https://kubernetes.default.svc",
            "--service-cluster-ip-range=10.0.0.0/24",
            "--profiling=false",
        ], Path.Combine(_dir, $"kube-apiserver.{++_apiServerStarts}.log"));
        await WaitForAsync(async () => await GetStatusAsync("readyz", AdminIdentity) == HttpStatusCode.OK, _apiServer, "kube-apiserver /readyz 200");
    }

    /// <summary>SIGKILL and start again: what a node reboot or an OOM kill does to an apiserver.</summary>
    public async Task RestartApiServerAsync()
    {
        await CrashApiServerAsync();
        await StartApiServerAsync();
    }

    /// <summary>SIGSTOP: every connection stays open and silent, as with a hung server or a dropped network path.</summary>
    public void PauseApiServer() => _apiServer!.Pause();

    public void ResumeApiServer() => _apiServer!.Resume();

    /// <summary>Compacts etcd's history up to its current revision; returns that revision.</summary>
    public async Task<long> CompactEtcdAsync()
    {
        var endpoint = $"--endpoints=http://127.0.0.1:{_etcdPort}";
        var status = JsonNode.Parse(await RunEtcdctlAsync(endpoint, "endpoint", "status", "--write-out=json"))!;
        var revision = (long)status[0]!["Status"]!["header"]!["revision"]!;
        await RunEtcdctlAsync(endpoint, "compact", revision.ToString());
        return revision;
    }

    /// <summary>GET a path of the apiserver as <paramref name="identity"/>; the status code.</summary>
    public async Task<HttpStatusCode> GetStatusAsync(string path, ApiIdentity identity)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(ApiServerUri, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", identity.Token);
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>GET a path of the apiserver as <paramref name="identity"/>; the body of a 2xx answer.</summary>
    public async Task<string> GetStringAsync(string path, ApiIdentity identity)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(ApiServerUri, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", identity.Token);
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Waits until <paramref name="identity"/> may GET <paramref name="path"/> (RBAC caches catch up asynchronously).</summary>
    public Task WaitUntilAuthorizedAsync(ApiIdentity identity, string path, TimeSpan timeout) =>
        WaitForAsync(async () => await GetStatusAsync(path, identity) == HttpStatusCode.OK, _apiServer!, $"{identity.User} may GET /{path}", timeout);

    /// <summary>The last lines of every component's log, for failure messages.</summary>
    public string Logs() => string.Join("\n", new[] { _etcd, _apiServer, _controllerManager }.Where(p => p is not null).Select(p => p!.LogTail()));

    public async Task DisposeAsync()
    {
        foreach (var p in new[] { _controllerManager, _apiServer, _etcd })
        {
            if (p is null)
                continue;
            await p.StopAsync(TimeSpan.FromSeconds(5));
            p.Dispose();
        }
        (_controllerManager, _apiServer, _etcd) = (null, null, null);
        _http?.Dispose();
        (Admin as IDisposable)?.Dispose();
        if (_dir.Length > 0 && Environment.GetEnvironmentVariable("KUBE_API_EXPORTER_KEEP_CONTROL_PLANE") is null)
            try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    private async Task StartEtcdAsync()
    {
        var client = $"http://127.0.0.1:{_etcdPort}";
        var peer = $"http://127.0.0.1:{_etcdPeerPort}";
        _etcd = ControlPlaneProcess.Start("etcd", ControlPlaneBinaries.Etcd,
        [
            "--name=control-plane", $"--data-dir={Path.Combine(_dir, "etcd")}",
            $"--listen-client-urls={client}", $"--advertise-client-urls={client}",
            $"--listen-peer-urls={peer}", $"--initial-advertise-peer-urls={peer}",
            $"--initial-cluster=control-plane={peer}",
        ], Path.Combine(_dir, "etcd.log"));
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await WaitForAsync(async () => (await plain.GetStringAsync($"{client}/health")).Contains("\"health\":\"true\""), _etcd, "etcd /health");
    }

    private void StartControllerManager()
    {
        // Without it pods cannot even be created (no service-account tokens) and no status is written.
        _controllerManager = ControlPlaneProcess.Start("kube-controller-manager", ControlPlaneBinaries.ControllerManager,
        [
            $"--kubeconfig={AdminKubeconfig}",
            "--controllers=*,-nodeipam,-ttl,-bootstrapsigner,-tokencleaner",
            $"--service-account-private-key-file={_certs.ServiceAccountKeyPath}",
            $"--root-ca-file={_certs.CaPath}",
            "--leader-elect=false", "--port=0", "--secure-port=0",
        ], Path.Combine(_dir, "kube-controller-manager.log"));
    }

    // The ServiceAccount admission plugin refuses pods until the namespace's default account has its token.
    private Task WaitForDefaultServiceAccountAsync() =>
        WaitForAsync(async () =>
        {
            var account = await Admin.CoreV1.ReadNamespacedServiceAccountAsync("default", "default");
            return account.Secrets is { Count: > 0 };
        }, _controllerManager!, "the default service account and its token (kube-controller-manager)");

    private static async Task<string> RunEtcdctlAsync(params string[] args)
    {
        var result = await ToolRun.RunAsync(ControlPlaneBinaries.Etcdctl, args, TimeSpan.FromSeconds(30),
            environment: new Dictionary<string, string> { ["ETCDCTL_API"] = "3" });
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"etcdctl {string.Join(' ', args)}: exit {result.ExitCode}\n{result.Stderr}");
        return result.Stdout;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, ControlPlaneProcess component, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? ReadyTimeout;
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < limit)
        {
            if (component.HasExited)
                throw new InvalidOperationException($"{component.Name} exited while waiting for {what}\n{component.LogTail()}");
            try
            {
                if (await condition())
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or k8s.Autorest.HttpOperationException)
            {
                last = e;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"not within {limit.TotalSeconds:0} s: {what}. Last error: {last?.Message}\n{component.LogTail()}");
    }
}

/// <summary>What <see cref="ControlPlane.StartAsync"/> starts; the defaults are the collection fixtures' whole control plane.</summary>
public sealed record ControlPlaneSetup
{
    /// <summary>Token-file users besides the admin and the shipped ServiceAccount (RBAC alone decides what they may do).</summary>
    public IReadOnlyList<ApiIdentity> Users { get; init; } = [];

    /// <summary>kube-controller-manager: service-account tokens (pods need them) and the controllers' status writes.</summary>
    public bool ControllerManager { get; init; } = true;

    /// <summary>`kubectl create -f k8s` once the apiserver is up, then wait until the shipped ServiceAccount may read.</summary>
    public bool ShippedManifests { get; init; } = true;

    /// <summary>
    /// etcd and kube-apiserver alone (token-file authentication, RBAC authorization) with <paramref name="users"/>:
    /// the API server answers TokenReview from its token file and SubjectAccessReview from RBAC, as in a
    /// cluster; the test creates the RBAC it needs.
    /// </summary>
    public static ControlPlaneSetup ApiServerOnly(params ApiIdentity[] users) =>
        new() { Users = users, ControllerManager = false, ShippedManifests = false };
}
