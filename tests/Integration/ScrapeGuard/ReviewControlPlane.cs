using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using k8s;
using k8s.Models;
using KubeApiExporter.Tests.Integration.Harness;

namespace KubeApiExporter.Tests.Integration.ScrapeGuard;

/// <summary>
/// The smallest real control plane the scrape guard needs: etcd and kube-apiserver 1.20.2 (the binaries
/// tests/ControlPlane/build-binaries.sh caches), token-file authentication, RBAC authorization. The API
/// server answers TokenReview from its token file and SubjectAccessReview from RBAC, exactly as in a
/// cluster. The shipped RBAC (k8s/02, k8s/03, k8s/scrape-guard/) is created from the files as written.
/// Processes are stopped by their pid.
/// </summary>
public sealed class ReviewControlPlane : IAsyncDisposable
{
    public const string BinariesDefault = "/var/cache/kube-api-exporter/control-plane/v1.20.2";
    private static string Binaries => Environment.GetEnvironmentVariable("KUBE_API_EXPORTER_CONTROL_PLANE_DIR") is { Length: > 0 } d ? d : BinariesDefault;

    private readonly string _dir = Directory.CreateTempSubdirectory("kae-review-cp-").FullName;
    private readonly List<Process> _processes = [];
    private int _apiPort;

    private ReviewControlPlane(IReadOnlyList<TokenUser> users) => Users = users;

    public static string? MissingReason =>
        new[] { ".complete", "bin/etcd", "bin/kube-apiserver" }.All(f => File.Exists(Path.Combine(Binaries, f)))
            ? null
            : $"control-plane binaries not found at {Binaries}: run tests/ControlPlane/build-binaries.sh";

    public static TokenUser Admin { get; } = TokenUser.New("test-admin", "system:masters");
    /// <summary>The shipped ServiceAccount's identity: the shipped bindings grant it its reads and the reviews.</summary>
    public static TokenUser Exporter { get; } = TokenUser.ServiceAccount("kube-api-exporter", "kube-api-exporter");

    public IReadOnlyList<TokenUser> Users { get; }
    public Uri ApiServer => new($"https://127.0.0.1:{_apiPort}/");
    public IKubernetes AdminClient { get; private set; } = null!;
    public string ExporterKubeconfig { get; private set; } = "";

    public static async Task<ReviewControlPlane> StartAsync(params TokenUser[] users)
    {
        var cp = new ReviewControlPlane(users);
        try
        {
            await cp.StartEtcdAndApiServerAsync();
            return cp;
        }
        catch
        {
            var logs = cp.LogTail();
            await cp.DisposeAsync();
            throw new InvalidOperationException("control plane did not start:\n" + logs);
        }
    }

    private async Task StartEtcdAndApiServerAsync()
    {
        File.WriteAllLines(Path.Combine(_dir, "tokens.csv"), new[] { Admin, Exporter }.Concat(Users).Select(u => u.TokenFileLine));
        using (var rsa = RSA.Create(2048))
            File.WriteAllText(Path.Combine(_dir, "sa.key"), rsa.ExportRSAPrivateKeyPem());
        int etcdPort = FreePort.Next(), peerPort = FreePort.Next();
        _apiPort = FreePort.Next();
        string client = $"http://127.0.0.1:{etcdPort}", peer = $"http://127.0.0.1:{peerPort}";
        Start("etcd", "--name=review", $"--data-dir={Path.Combine(_dir, "etcd")}",
            $"--listen-client-urls={client}", $"--advertise-client-urls={client}",
            $"--listen-peer-urls={peer}", $"--initial-advertise-peer-urls={peer}", $"--initial-cluster=review={peer}");
        Start("kube-apiserver", $"--etcd-servers={client}", "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1",
            $"--secure-port={_apiPort}", "--insecure-port=0", $"--cert-dir={Path.Combine(_dir, "certs")}",
            $"--token-auth-file={Path.Combine(_dir, "tokens.csv")}", "--authorization-mode=RBAC",
            $"--service-account-key-file={Path.Combine(_dir, "sa.key")}", $"--service-account-signing-key-file={Path.Combine(_dir, "sa.key")}",
            "--service-account-issuer=https://kubernetes.default.svc", "--service-cluster-ip-range=10.0.0.0/24", "--profiling=false");

        AdminClient = new Kubernetes(new KubernetesClientConfiguration { Host = ApiServer.ToString(), AccessToken = Admin.Token, SkipTlsVerify = true });
        ExporterKubeconfig = Path.Combine(_dir, "exporter.kubeconfig");
        await File.WriteAllTextAsync(ExporterKubeconfig, $$$"""
            apiVersion: v1
            kind: Config
            clusters: [{name: review, cluster: {server: "{{{ApiServer.ToString().TrimEnd('/')}}}", insecure-skip-tls-verify: true}}]
            users: [{name: exporter, user: {token: "{{{Exporter.Token}}}"}}]
            contexts: [{name: review, context: {cluster: review, user: exporter}}]
            current-context: review
            """);
        await WaitAsync(async () => await StatusAsync("readyz", Admin) == HttpStatusCode.OK, TimeSpan.FromSeconds(90), "kube-apiserver /readyz");
    }

    /// <summary>Creates the RBAC objects of shipped manifest files (repo-relative paths), as `kubectl create -f` would.</summary>
    public async Task CreateRbacAsync(params string[] files)
    {
        foreach (var file in files)
        {
            foreach (var obj in KubernetesYaml.LoadAllFromString(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, file))))
            {
                switch (obj)
                {
                    case V1ClusterRole role: await AdminClient.RbacAuthorizationV1.CreateClusterRoleAsync(role); break;
                    case V1ClusterRoleBinding binding: await AdminClient.RbacAuthorizationV1.CreateClusterRoleBindingAsync(binding); break;
                    default: throw new InvalidOperationException($"{file}: unexpected {obj.GetType().Name}");
                }
            }
        }
    }

    /// <summary>Waits until RBAC lets <paramref name="user"/> GET <paramref name="path"/> (the authorizer's cache catches up asynchronously).</summary>
    public Task WaitUntilAllowedAsync(TokenUser user, string path) =>
        WaitAsync(async () => await StatusAsync(path, user) == HttpStatusCode.OK, TimeSpan.FromSeconds(30), $"{user.User} may GET /{path}");

    public async Task<HttpStatusCode> StatusAsync(string path, TokenUser user)
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(ApiServer, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    public string LogTail() => string.Join("\n", Directory.EnumerateFiles(_dir, "*.log")
        .Select(f => $"--- {Path.GetFileName(f)}\n{string.Join('\n', File.ReadLines(f).TakeLast(15))}"));

    private void Start(string name, params string[] args)
    {
        var psi = new ProcessStartInfo(Path.Combine(Binaries, "bin", name)) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        var log = new StreamWriter(Path.Combine(_dir, $"{name}.log")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
    }

    private async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < timeout)
        {
            if (_processes.FirstOrDefault(p => p.HasExited) is { } dead)
                throw new InvalidOperationException($"{dead.StartInfo.FileName} exited ({dead.ExitCode}) while waiting for {what}\n{LogTail()}");
            try
            {
                if (await condition())
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"not within {timeout.TotalSeconds:0} s: {what}; last error {last?.Message}\n{LogTail()}");
    }

    public async ValueTask DisposeAsync()
    {
        AdminClient?.Dispose();
        foreach (var p in Enumerable.Reverse(_processes))
        {
            if (!p.HasExited)
            {
                using (var term = Process.Start("kill", ["-TERM", p.Id.ToString()]))
                    await term.WaitForExitAsync();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try { await p.WaitForExitAsync(cts.Token); }
                catch (OperationCanceledException) { p.Kill(); }
            }
            p.Dispose();
        }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
