using System.Diagnostics;
using KubeApiExporter.Tests.Integration.Harness;
using KubeApiExporter.Tests.Integration.Scenarios;
using Xunit;
using Xunit.Abstractions;

namespace KubeApiExporter.Tests.Integration.Browser;

/// <summary>
/// The status page <c>/</c> in a real browser (headless chromium) on a running exporter: it renders,
/// links the other endpoints, and shows a resource going from up to 403 and back. Screenshots are
/// written next to the test output for a person to look at.
/// </summary>
public sealed class StatusPageBrowserTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestServerBackend? _backend;

    public async Task InitializeAsync() => _backend = await TestServerBackend.StartAsync();

    public async Task DisposeAsync()
    {
        if (_backend is not null)
            await _backend.DisposeAsync();
    }

    [SkippableFact]
    public async Task Status_page_renders_and_shows_a_resource_going_from_up_to_403_and_back()
    {
        Skip.If(HeadlessChrome.MissingReason is not null, HeadlessChrome.MissingReason);
        var server = _backend!.TestServer;
        await _backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("web", 2, 2));
        await using var exporter = ExporterProcess.Start(ExporterConfigFiles.Write(), _backend.KubeconfigPath);
        await exporter.WaitReadyAsync(TimeSpan.FromSeconds(60));
        await exporter.WaitForAsync(m => m.Has("k8s_deployment_spec_replicas", ("namespace", "default"), ("name", "web")), TimeSpan.FromSeconds(10), "web exported");

        await using var chrome = await HeadlessChrome.StartAsync();
        await chrome.NavigateAsync(exporter.BaseUri);
        Assert.Equal("kube-api-exporter", await chrome.TitleAsync());
        Assert.Contains("Ready", await chrome.TextAsync("#readiness"));
        Assert.Equal(1, await chrome.CountAsync("a[href='metrics']"));
        Assert.Equal(1, await chrome.CountAsync("a[href='healthz']"));
        Assert.Equal(1, await chrome.CountAsync("a[href='readyz']"));
        Assert.Equal(0, await chrome.CountAsync("script"));
        Assert.Equal(5, await chrome.CountAsync("tbody tr"));
        const string Deployment = "tr[data-resource='deployment']";
        Assert.Equal("up", await chrome.AttributeAsync(Deployment, "data-state"));
        var row = await chrome.TextAsync(Deployment);
        Assert.Contains("apps/v1 deployments", row);
        Assert.Contains("1 page, 1 object", row); // one list page holding the one deployment
        Assert.Contains("deployment  apps/v1 deployments", await chrome.TextAsync("pre"));
        await SaveScreenshotAsync(chrome, "1-up");

        // RBAC taken away: the re-opened watch and the lists are answered 403.
        server.FailRequests(int.MaxValue, 403, "deployments");
        server.CloseAllWatches();
        await WaitForStateAsync(chrome, exporter, "deployment", "forbidden", TimeSpan.FromSeconds(20));
        row = await chrome.TextAsync(Deployment);
        Assert.Contains("403 Forbidden", row);
        Assert.Contains("HTTP 403 Forbidden", await chrome.TextAsync($"{Deployment} td.error"));
        Assert.Contains("grant get, list, watch on deployments", row);
        Assert.Equal("up", await chrome.AttributeAsync("tr[data-resource='pod']", "data-state"));
        await SaveScreenshotAsync(chrome, "2-forbidden");

        // RBAC restored: the next retry (every minute for 403, see README "Freshness, staleness and faults") lists again.
        server.ClearFaults();
        await WaitForStateAsync(chrome, exporter, "deployment", "up", TimeSpan.FromSeconds(90));
        Assert.Contains("HTTP 403 Forbidden", await chrome.TextAsync($"{Deployment} td.error")); // the last error stays visible
        await SaveScreenshotAsync(chrome, "3-up-again");
    }

    private async Task WaitForStateAsync(HeadlessChrome chrome, ExporterProcess exporter, string resource, string state, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        string? seen = null;
        while (watch.Elapsed < timeout)
        {
            await chrome.NavigateAsync(exporter.BaseUri);
            seen = await chrome.AttributeAsync($"tr[data-resource='{resource}']", "data-state");
            if (seen == state)
            {
                output.WriteLine($"{resource} {state} after {watch.Elapsed.TotalSeconds:0.0} s");
                return;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"within {timeout.TotalSeconds} s the page did not show {resource} {state}; last seen {seen}\nLog:\n{string.Join('\n', exporter.Output.TakeLast(20))}");
    }

    private async Task SaveScreenshotAsync(HeadlessChrome chrome, string name)
    {
        var dir = Path.Combine(RepoPaths.Root, "TestResults", "screenshots");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"status-page-{name}.png");
        await File.WriteAllBytesAsync(path, await chrome.ScreenshotAsync());
        output.WriteLine($"screenshot: {path}");
    }
}
