using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using KubeApiExporter.Tests.Integration.Harness;
using KubeApiExporter.Tests.Integration.Scenarios;
using Xunit;
using Xunit.Abstractions;

namespace KubeApiExporter.Tests.Integration.ScrapeGuard;

/// <summary>
/// <c>--scrape-auth kubernetes</c> against a real kube-apiserver: token-file users authenticate through
/// TokenReview, RBAC answers the SubjectAccessReview, the RBAC is the shipped files. Allowed (200),
/// unauthenticated (401), authenticated but forbidden (403), probes open, and 20 concurrent scrapers
/// with the guard on against the same exporter without it (the added latency is printed and written
/// to TestResults/scrape-guard-latency.txt).
/// </summary>
public sealed partial class ScrapeGuardControlPlaneTests(ITestOutputHelper output)
{
    private const int Scrapers = 20;
    private const int ScrapesEach = 25;
    private const int Rounds = 3;
    /// <summary>How long RBAC's authorizer cache may take to see new bindings.</summary>
    private static readonly TimeSpan RbacCatchUp = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task Guard_allows_the_bound_scraper_answers_401_and_403_and_costs_little_under_20_concurrent_scrapers()
    {
        Skip.If(ControlPlaneBinaries.MissingReason is not null, ControlPlaneBinaries.MissingReason);
        var prometheus = ApiIdentity.ServiceAccount("monitoring", "prometheus-k8s"); // the subject of k8s/scrape-guard/20-metrics-reader.yaml
        var intruder = ApiIdentity.New("intruder", "system:authenticated");
        var scrapers = Enumerable.Range(0, Scrapers).Select(i => ApiIdentity.New($"scraper-{i}", "metrics-scrapers", "system:authenticated")).ToList();
        // etcd and kube-apiserver alone: TokenReview from the token file, SubjectAccessReview from RBAC.
        await using var cp = await ControlPlane.StartAsync(ControlPlaneSetup.ApiServerOnly([prometheus, intruder, .. scrapers]));
        await CreateRbacAsync(cp.Admin, "k8s/02-clusterrole.yaml", "k8s/03-clusterrolebinding.yaml",
            "k8s/scrape-guard/10-clusterrole.yaml", "k8s/scrape-guard/20-metrics-reader.yaml");
        await cp.Admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "test-scrapers" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "kube-api-exporter-metrics-reader" },
            Subjects = [new Rbacv1Subject { Kind = "Group", Name = "metrics-scrapers", ApiGroup = "rbac.authorization.k8s.io" }],
        });
        await cp.Admin.AppsV1.CreateNamespacedDeploymentAsync(
            KubernetesJson.Deserialize<V1Deployment>(KubeObjects.Minimal.Deployment("web", 3, 0).ToJsonString()), "default");
        await cp.WaitUntilAuthorizedAsync(cp.ExporterIdentity, "apis/apps/v1/deployments?limit=1", RbacCatchUp);
        await cp.WaitUntilAuthorizedAsync(prometheus, "metrics", RbacCatchUp);
        await cp.WaitUntilAuthorizedAsync(scrapers[^1], "metrics", RbacCatchUp);

        var config = ExporterConfigFiles.Write();
        await using var guarded = ExporterProcess.Start(config, cp.ExporterKubeconfig, "--scrape-auth", "kubernetes");
        await using var open = ExporterProcess.Start(config, cp.ExporterKubeconfig);
        await guarded.WaitReadyAsync(TimeSpan.FromSeconds(60)); // /readyz needs no token
        await open.WaitReadyAsync(TimeSpan.FromSeconds(60));
        await open.WaitForAsync(m => m.Has("k8s_deployment_spec_replicas", ("namespace", "default"), ("name", "web")), TimeSpan.FromSeconds(10), "web exported");

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(guarded, "healthz", null)).Status);
        var none = await GetAsync(guarded, "metrics", null);
        Assert.Equal(HttpStatusCode.Unauthorized, none.Status);
        Assert.Equal("Bearer realm=\"kube-api-exporter\"", none.WwwAuthenticate);
        Assert.DoesNotContain("k8s_", none.Body);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(guarded, "metrics", "not-a-token-the-apiserver-knows")).Status);
        foreach (var spelling in new[] { "METRICS", "metrics/", "Metrics?accept=text/plain" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(guarded, spelling, null)).Status);
        var forbidden = await GetAsync(guarded, "metrics", intruder.Token);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Status);
        Assert.Contains("intruder may not get /metrics", forbidden.Body);
        Assert.DoesNotContain("k8s_", forbidden.Body);
        var allowed = await GetAsync(guarded, "metrics", prometheus.Token);
        Assert.Equal(HttpStatusCode.OK, allowed.Status);
        Assert.Contains("k8s_deployment_spec_replicas{name=\"web\",namespace=\"default\"} 3", allowed.Body);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(guarded, "", null)).Status);
        Assert.Contains("kube-api-exporter", (await GetAsync(guarded, "", prometheus.Token)).Body);
        await guarded.WaitForLogAsync(l => l.Contains("Scrape refused (403)") && l.Contains("intruder"), TimeSpan.FromSeconds(5), "the 403 logged with the user");

        // Alternating rounds, so that the shared machine's load falls on both alike; the first guarded
        // round pays one TokenReview + SubjectAccessReview per scraper, the later ones hit the cache.
        var reviewsBefore = await TokenReviewsAsync(cp);
        var openRuns = new List<LoadRun>();
        var guardedRuns = new List<LoadRun>();
        for (var round = 0; round < Rounds; round++)
        {
            openRuns.Add(await LoadAsync(open, _ => null));
            guardedRuns.Add(await LoadAsync(guarded, i => scrapers[i].Token));
        }
        var reviews = await TokenReviewsAsync(cp) - reviewsBefore;
        var openRun = LoadRun.Merge(openRuns);
        var guardedRun = LoadRun.Merge(guardedRuns);

        var report = string.Join("\n",
            $"{Scrapers} concurrent scrapers x {ScrapesEach} scrapes each, {Rounds} alternating rounds per mode, kube-apiserver 1.20.2 on loopback, 2 shared vCPUs (load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})",
            $"guard off: {openRun}",
            $"guard on:  {guardedRun}",
            $"added latency: p50 {(guardedRun.P50 - openRun.P50).TotalMilliseconds:+0.0;-0.0} ms, p95 {(guardedRun.P95 - openRun.P95).TotalMilliseconds:+0.0;-0.0} ms; first scrape per token in the first round (TokenReview + SubjectAccessReview) p50 {guardedRuns[0].FirstP50.TotalMilliseconds:0.0} ms, max {guardedRuns[0].FirstMax.TotalMilliseconds:0.0} ms (guard off: p50 {openRuns[0].FirstP50.TotalMilliseconds:0.0} ms)",
            $"TokenReviews the API server served during the guarded run: {reviews} (one per scraper token; the rest were cached)");
        output.WriteLine(report);
        Directory.CreateDirectory(Path.Combine(RepoPaths.Root, "TestResults"));
        await File.WriteAllTextAsync(Path.Combine(RepoPaths.Root, "TestResults", "scrape-guard-latency.txt"), report + "\n");

        Assert.Equal(Rounds * Scrapers * ScrapesEach, guardedRun.Ok);
        Assert.Equal(Rounds * Scrapers * ScrapesEach, openRun.Ok);
        Assert.InRange(reviews, Scrapers, Scrapers + 2); // cached: not one per scrape
    }

    /// <summary>Creates the RBAC objects of shipped manifest files (repo-relative paths) from the files as written, as `kubectl create -f` would.</summary>
    private static async Task CreateRbacAsync(IKubernetes admin, params string[] files)
    {
        foreach (var file in files)
        {
            foreach (var obj in KubernetesYaml.LoadAllFromString(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, file))))
            {
                switch (obj)
                {
                    case V1ClusterRole role: await admin.RbacAuthorizationV1.CreateClusterRoleAsync(role); break;
                    case V1ClusterRoleBinding binding: await admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(binding); break;
                    default: throw new InvalidOperationException($"{file}: unexpected {obj.GetType().Name}");
                }
            }
        }
    }

    private sealed record Response(HttpStatusCode Status, string Body, string? WwwAuthenticate);

    private static async Task<Response> GetAsync(ExporterProcess exporter, string path, string? token)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(exporter.BaseUri, path));
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return new Response(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.WwwAuthenticate.ToString() is { Length: > 0 } w ? w : null);
    }

    private sealed record LoadRun(int Ok, TimeSpan P50, TimeSpan P95, TimeSpan Max, TimeSpan FirstP50, TimeSpan FirstMax, TimeSpan Wall, List<TimeSpan> Latencies, List<TimeSpan> Firsts)
    {
        public static LoadRun Merge(List<LoadRun> runs) => Of(runs.Sum(r => r.Ok), runs.SelectMany(r => r.Latencies), runs.SelectMany(r => r.Firsts),
            TimeSpan.FromTicks(runs.Sum(r => r.Wall.Ticks)));

        public static LoadRun Of(int ok, IEnumerable<TimeSpan> latencies, IEnumerable<TimeSpan> firsts, TimeSpan wall)
        {
            var all = latencies.Order().ToList();
            var first = firsts.Order().ToList();
            static TimeSpan At(List<TimeSpan> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
            return new LoadRun(ok, At(all, 0.5), At(all, 0.95), all[^1], At(first, 0.5), first[^1], wall, all, first);
        }

        public override string ToString() =>
            $"{Ok} ok in {Wall.TotalSeconds:0.00} s; latency p50 {P50.TotalMilliseconds:0.0} ms, p95 {P95.TotalMilliseconds:0.0} ms, max {Max.TotalMilliseconds:0.0} ms; first scrape per scraper p50 {FirstP50.TotalMilliseconds:0.0} ms";
    }

    /// <summary>Each scraper has its own connection (as separate Prometheus servers would) and scrapes back to back.</summary>
    private static async Task<LoadRun> LoadAsync(ExporterProcess exporter, Func<int, string?> token)
    {
        var wall = Stopwatch.StartNew();
        var runs = await Task.WhenAll(Enumerable.Range(0, Scrapers).Select(i => Task.Run(async () =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var latencies = new List<TimeSpan>();
            var ok = 0;
            for (var n = 0; n < ScrapesEach; n++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(exporter.BaseUri, "metrics"));
                if (token(i) is { } t)
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", t);
                var clock = Stopwatch.StartNew();
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                latencies.Add(clock.Elapsed);
                if (response.StatusCode == HttpStatusCode.OK)
                    ok++;
            }
            return (ok, latencies);
        })));
        return LoadRun.Of(runs.Sum(r => r.ok), runs.SelectMany(r => r.latencies), runs.Select(r => r.latencies[0]), wall.Elapsed);
    }

    /// <summary>TokenReviews the API server has served, from its own /metrics (apiserver_request_total).</summary>
    private static async Task<double> TokenReviewsAsync(ControlPlane cp)
    {
        var text = await cp.GetStringAsync("metrics", cp.AdminIdentity);
        return text.Split('\n').Where(l => l.StartsWith("apiserver_request_total{", StringComparison.Ordinal) && l.Contains("resource=\"tokenreviews\""))
            .Sum(l => double.Parse(SampleValue().Match(l).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"\}\s+(\S+)")]
    private static partial Regex SampleValue();
}
