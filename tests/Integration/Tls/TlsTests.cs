using System.Diagnostics;
using KubeApiExporter.Tests.Integration.Harness;
using KubeApiExporter.Tests.Integration.Scenarios;
using Xunit;
using Xunit.Abstractions;

namespace KubeApiExporter.Tests.Integration.Tls;

/// <summary>
/// HTTPS from certificate and key files (openssl-made), over real TLS: served, verified by a client that
/// trusts only the test CA, rotated by a kubelet-style Secret update without a restart, a broken update
/// refused while the old certificate keeps serving, and a bad pair at start refused with exit 2.
/// </summary>
public sealed class TlsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestServerBackend? _backend;
    private TestCertificates? _certificates;
    private readonly SecretVolume _secret = new();

    public async Task InitializeAsync()
    {
        if (TestCertificates.MissingReason is not null)
            return;
        _backend = await TestServerBackend.StartAsync();
        _certificates = await TestCertificates.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_backend is not null)
            await _backend.DisposeAsync();
        _certificates?.Dispose();
        _secret.Dispose();
    }

    private async Task<string> WriteSecretAsync((string CertFile, string KeyFile, string Serial) issued)
    {
        await _secret.WriteAsync(await File.ReadAllTextAsync(issued.CertFile), await File.ReadAllTextAsync(issued.KeyFile));
        return issued.Serial;
    }

    [SkippableFact]
    public async Task Serves_https_from_the_files_and_picks_up_a_rotated_certificate_without_restart()
    {
        Skip.If(TestCertificates.MissingReason is not null, TestCertificates.MissingReason);
        var ca = _certificates!.Ca;
        var first = await WriteSecretAsync(await _certificates.IssueAsync());
        await _backend!.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("web", 1, 1));
        await using var exporter = ExporterProcess.Start(ExporterConfigFiles.Write(), _backend.KubeconfigPath,
            "--tls-cert-file", _secret.CertFile, "--tls-key-file", _secret.KeyFile);
        var https = new Uri($"https://127.0.0.1:{exporter.Port}/");

        var ready = await EventuallyAsync(async () => await HttpsProbe.GetAsync(new Uri(https, "readyz"), ca), r => r.StatusCode == 200, TimeSpan.FromSeconds(60), exporter);
        Assert.Equal(first, ready.Serial);
        var metrics = await HttpsProbe.GetAsync(new Uri(https, "metrics"), ca);
        Assert.Equal(200, metrics.StatusCode);
        Assert.Contains("k8s_deployment_spec_replicas{name=\"web\",namespace=\"default\"} 1", metrics.Body);
        Assert.Equal(200, (await HttpsProbe.GetAsync(new Uri(https, "healthz"), ca)).StatusCode);
        Assert.Contains("kube-api-exporter", (await HttpsProbe.GetAsync(https, ca)).Body);
        // Plain HTTP on the TLS port gets no page.
        using (var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
        {
            var answered = false;
            try
            {
                using var r = await plain.GetAsync($"http://127.0.0.1:{exporter.Port}/metrics");
                answered = r.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
            }
            Assert.False(answered, "plain HTTP was served on the TLS port");
        }

        // cert-manager renews: the kubelet swaps the Secret's files; new connections get the new certificate.
        var second = await WriteSecretAsync(await _certificates.IssueAsync());
        var watch = Stopwatch.StartNew();
        var rotated = await EventuallyAsync(async () => await HttpsProbe.GetAsync(new Uri(https, "metrics"), ca), r => r.Serial == second, TimeSpan.FromSeconds(15), exporter);
        output.WriteLine($"rotation visible after {watch.Elapsed.TotalSeconds:0.0} s (poll interval 2 s)");
        Assert.Equal(200, rotated.StatusCode);
        await exporter.WaitForLogAsync(l => l.Contains("TLS certificate reloaded") && l.Contains(second), TimeSpan.FromSeconds(5), "the reload logged with the new serial");

        // A broken update (key of another certificate) is refused; the current certificate keeps serving.
        var third = await _certificates.IssueAsync();
        var fourth = await _certificates.IssueAsync();
        await _secret.WriteAsync(await File.ReadAllTextAsync(third.CertFile), await File.ReadAllTextAsync(fourth.KeyFile));
        await exporter.WaitForLogAsync(l => l.Contains("TLS certificate change refused") && l.Contains(second), TimeSpan.FromSeconds(10), "the broken pair refused");
        var still = await HttpsProbe.GetAsync(new Uri(https, "metrics"), ca);
        Assert.Equal((200, second), (still.StatusCode, still.Serial));

        // Fixed: the next poll takes it.
        await WriteSecretAsync(third);
        await EventuallyAsync(async () => await HttpsProbe.GetAsync(new Uri(https, "healthz"), ca), r => r.Serial == third.Serial, TimeSpan.FromSeconds(15), exporter);
        Assert.False(exporter.HasExited);
    }

    [SkippableFact]
    public async Task A_key_that_does_not_match_the_certificate_is_refused_at_start_with_exit_2()
    {
        Skip.If(TestCertificates.MissingReason is not null, TestCertificates.MissingReason);
        var a = await _certificates!.IssueAsync();
        var b = await _certificates.IssueAsync();
        var (code, text) = await ExporterProcess.RunToExitAsync(TimeSpan.FromSeconds(30),
            "--config", RepoPaths.ShippedConfig, "--kubeconfig", _backend!.KubeconfigPath, "--tls-cert-file", a.CertFile, "--tls-key-file", b.KeyFile);
        Assert.Equal(2, code);
        Assert.Contains("are not a PEM certificate and its private key", text);

        (code, text) = await ExporterProcess.RunToExitAsync(TimeSpan.FromSeconds(30), "--config", RepoPaths.ShippedConfig, "--tls-cert-file", a.CertFile);
        Assert.Equal(2, code);
        Assert.Contains("--tls-cert-file", text);
        Assert.Contains("needs --tls-key-file", text);
    }

    private static async Task<HttpsProbe.Result> EventuallyAsync(Func<Task<HttpsProbe.Result>> probe, Func<HttpsProbe.Result, bool> done, TimeSpan timeout, ExporterProcess exporter)
    {
        var watch = Stopwatch.StartNew();
        Exception? lastError = null;
        HttpsProbe.Result? last = null;
        while (watch.Elapsed < timeout)
        {
            if (exporter.HasExited)
                throw new InvalidOperationException($"exporter exited with {exporter.ExitCode}:\n{string.Join('\n', exporter.Output.TakeLast(20))}");
            try
            {
                last = await probe();
                if (done(last))
                    return last;
            }
            catch (HttpRequestException e)
            {
                lastError = e;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"not within {timeout.TotalSeconds} s; last {last}, error {lastError?.Message}\nLog:\n{string.Join('\n', exporter.Output.TakeLast(20))}");
    }
}
