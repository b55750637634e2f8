using System.Text;
using System.Text.Json.Nodes;
using KubeApiExporter.Tests.Integration.Harness;
using Xunit;

namespace KubeApiExporter.Tests.Integration.Scenarios;

/// <summary>
/// Hostile objects and a hostile watch stream from the API: the exporter keeps serving valid
/// exposition (every scrape here goes through the strict parser), logs the problem once, and
/// re-lists when the stream is corrupt. Needs the in-repo server, which can send such things.
/// </summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    private TestServerBackend _backend = null!;
    private ExporterProcess? _exporter;

    public async Task InitializeAsync() => _backend = await TestServerBackend.StartAsync();

    public async Task DisposeAsync()
    {
        if (_exporter is not null)
            await _exporter.DisposeAsync();
        await _backend.DisposeAsync();
    }

    private static (string, string)[] Obj(string name) => [("namespace", "default"), ("name", name)];

    private static JsonObject Widget(string name, string specJson) =>
        (JsonObject)JsonNode.Parse($$$"""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"{{{name}}}","namespace":"default"},"spec":{{{specJson}}}}""", documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 1024 })!;

    [Fact]
    public async Task Hostile_objects_leave_the_exposition_valid_and_other_series_intact()
    {
        await _backend.InstallWidgetCrdAsync();
        var server = _backend.TestServer;
        server.Create("example.com/v1", "widgets", Widget("keys", """{"a.b/c-d": 1, "ünïcødé": 2, "app.kubernetes.io/x": 3, "9lives": 4, "label\"quote": {"x\ny": 5}}"""));
        server.Create("example.com/v1", "widgets", Widget("numbers", """{"huge": 1e308, "negzero": -0, "tiny": 5e-324, "overflow": 1e400, "big": 123456789012345678901234567890}"""));
        var deep = new StringBuilder();
        for (var i = 0; i < 200; i++) deep.Append("{\"d\":");
        deep.Append('1');
        for (var i = 0; i < 200; i++) deep.Append('}');
        server.Create("example.com/v1", "widgets", Widget("deep", $$"""{"shallow": 7, "nest": {{deep}}}"""));
        var items = string.Join(",", Enumerable.Range(0, 10_000).Select(i => $$"""{"v":{{i}}}"""));
        server.Create("example.com/v1", "widgets", Widget("wide", $$"""{"count": 10000, "items": [{{items}}]}"""));
        server.Create("example.com/v1", "widgets", Widget("plain", """{"size": 3}"""));

        _exporter = ExporterProcess.Start(ExporterConfigFiles.Write(ExporterConfigFiles.WidgetResource), _backend.KubeconfigPath);
        await _exporter.WaitReadyAsync(TimeSpan.FromSeconds(60));
        var m = await _exporter.WaitForAsync(e => e.Has("k8s_widget_spec_size", Obj("plain")) && e.Has("k8s_widget_spec_shallow", Obj("deep")) && e.Has("k8s_widget_spec_count", Obj("wide")),
            TimeSpan.FromSeconds(20), "widgets exported");

        Assert.Equal(1, m.Value("k8s_widget_spec_a_b_c_d", Obj("keys")));
        Assert.Equal(1e308, m.Value("k8s_widget_spec_huge", Obj("numbers")));
        Assert.Equal(0, m.Value("k8s_widget_spec_negzero", Obj("numbers")));
        Assert.False(m.Has("k8s_widget_spec_overflow", Obj("numbers")));
        Assert.Equal(7, m.Value("k8s_widget_spec_shallow", Obj("deep")));
        // 10,000 items plus the other fields exceed maxSeriesPerObject (10,000): the excess is dropped and counted.
        Assert.True(m.Value("kube_api_exporter_dropped_series_total", ("resource", "widget")) >= 1);
        Assert.Equal(10_000, m.Samples.Count(s => s.Name.StartsWith("k8s_widget_") && s.Labels.GetValueOrDefault("name") == "wide"));
        await _exporter.WaitForLogAsync(l => l.Contains("has more than") && l.Contains("wide"), TimeSpan.FromSeconds(5), "the oversize object");
        Assert.Single(_exporter.Output, l => l.Contains("has more than") && l.Contains("wide"));
    }

    [Fact]
    public async Task Corrupt_watch_lines_are_logged_and_re_listed_while_the_last_state_is_served()
    {
        var server = _backend.TestServer;
        await _backend.CreateAsync("apps/v1", "deployments", KubeObjects.Minimal.Deployment("sturdy", 2, 2));
        _exporter = ExporterProcess.Start(ExporterConfigFiles.Write(), _backend.KubeconfigPath);
        await _exporter.WaitReadyAsync(TimeSpan.FromSeconds(60));
        await _exporter.WaitForAsync(e => e.Has("k8s_deployment_spec_replicas", Obj("sturdy")), TimeSpan.FromSeconds(10), "exported");
        var lists = server.ListRequests("deployments");

        server.SendRawWatchLine("deployments", """{"type":"MODIFIED","object":{"metadata":{"name":"sturd""");
        var m = await _exporter.WaitForAsync(e => e.Sum("kube_api_exporter_watch_restarts_total", ("resource", "deployment"), ("reason", "corrupt")) >= 1,
            TimeSpan.FromSeconds(10), "corrupt stream detected");
        Assert.Equal(2, m.Value("k8s_deployment_spec_replicas", Obj("sturdy")));
        await _exporter.WaitForAsync(_ => server.ListRequests("deployments") > lists, TimeSpan.FromSeconds(10), "re-listed after the corrupt line");

        // Updates flow again on the new watch; a non-JSON line is handled the same way.
        server.Mutate("apps/v1", "deployments", "default", "sturdy", o => o["spec"]!["replicas"] = 6);
        await _exporter.WaitForAsync(e => e.Value("k8s_deployment_spec_replicas", Obj("sturdy")) == 6, TimeSpan.FromSeconds(10), "update after re-list");
        server.SendRawWatchLine("deployments", "this is not json");
        m = await _exporter.WaitForAsync(e => e.Sum("kube_api_exporter_watch_restarts_total", ("resource", "deployment"), ("reason", "corrupt")) >= 2,
            TimeSpan.FromSeconds(10), "second corrupt stream detected");
        Assert.Equal(6, m.Value("k8s_deployment_spec_replicas", Obj("sturdy")));
        await _exporter.WaitForLogAsync(_ => _exporter.Output.Count(l => l.Contains("is corrupt")) >= 2, TimeSpan.FromSeconds(5), "two corrupt-stream lines");
        Assert.Equal(2, _exporter.Output.Count(l => l.Contains("is corrupt")));
    }
}
