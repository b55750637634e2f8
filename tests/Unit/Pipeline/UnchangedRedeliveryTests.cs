using System.Text.Json;
using KubeApiExporter.Fetcher;
using KubeApiExporter.Flattener;
using KubeApiExporter.Host;
using KubeApiExporter.Host.Pipeline;
using KubeApiExporter.Registry;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Pipeline;

/// <summary>
/// A re-list or resync re-delivers every object; one whose resourceVersion and rules are unchanged
/// must cost a lookup, not a flatten, and must survive the re-list's stale-object sweep.
/// </summary>
public sealed class UnchangedRedeliveryTests
{
    private static readonly WatchTarget Target = new("deployment", "apps", "v1", "deployments", null, "", "");
    private readonly SeriesStore _store = new();
    private readonly ObjectRenderer _renderer;
    private readonly RegistrySink _sink;

    public UnchangedRedeliveryTests()
    {
        _renderer = new ObjectRenderer(ShardFilter.All, _store);
        UseRules();
        var metrics = new ExporterMetrics("test");
        _sink = new RegistrySink(_store, _renderer, metrics, new ResourceStatusBoard(metrics, TimeProvider.System), NullLogger.Instance, TimeProvider.System);
    }

    private void UseRules(params string[] exclude) =>
        _renderer.Resources = new Dictionary<string, CompiledResource>
        {
            ["deployment"] = CompiledResource.Compile("k8s", new ResourceConfig { Name = "deployment", ApiVersion = "apps/v1", Resource = "deployments", Exclude = [.. exclude] }),
        };

    private static JsonElement Deployment(string resourceVersion, int replicas) => JsonDocument.Parse($$$"""
        {"metadata":{"name":"web","namespace":"default","resourceVersion":"{{{resourceVersion}}}"},"spec":{"replicas":{{{replicas}}},"paused":false}}
        """).RootElement;

    private SinkCommand Deliver(JsonElement obj, long generation)
    {
        var command = _renderer.Render(new FetchedChange(ChangeKind.Upsert, Target, generation, obj, TimeProvider.System.GetTimestamp()));
        _sink.Apply(command);
        return command;
    }

    private void CompleteList(long generation) =>
        _sink.Apply(_renderer.Render(new FetchedChange(ChangeKind.ListCompleted, Target, generation, default, 0)));

    private string Scrape()
    {
        using var output = new MemoryStream();
        _store.WriteAsync(output, CancellationToken.None).GetAwaiter().GetResult();
        return System.Text.Encoding.UTF8.GetString(output.ToArray());
    }

    [Fact]
    public void Same_resourceVersion_and_rules_is_refreshed_without_rendering_and_survives_the_relist()
    {
        Assert.NotNull(Deliver(Deployment("7", 3), generation: 1).Rendered);
        CompleteList(1);
        var before = Scrape();

        var again = Deliver(Deployment("7", 3), generation: 2);
        Assert.True(again.IsRefresh);
        Assert.Null(again.Rendered);
        CompleteList(2); // the sweep must not take it: the refresh recorded generation 2
        Assert.Equal(before, Scrape());
        Assert.Equal(1, _store.ObjectCount("deployment"));
    }

    [Fact]
    public void A_new_resourceVersion_is_rendered_again()
    {
        Deliver(Deployment("7", 3), generation: 1);
        var changed = Deliver(Deployment("8", 5), generation: 1);
        Assert.False(changed.IsRefresh);
        Assert.Contains("k8s_deployment_spec_replicas{name=\"web\",namespace=\"default\"} 5", Scrape());
    }

    [Fact]
    public void New_rules_after_a_reload_render_an_unchanged_object_again()
    {
        Deliver(Deployment("7", 3), generation: 1);
        UseRules(exclude: "spec.replicas");
        var again = Deliver(Deployment("7", 3), generation: 2);
        Assert.False(again.IsRefresh);
        Assert.DoesNotContain("k8s_deployment_spec_replicas", Scrape());
        Assert.Contains("k8s_deployment_spec_paused", Scrape());
    }

    [Fact]
    public void A_refresh_of_an_object_the_store_no_longer_holds_renders_it_in_the_sink()
    {
        Deliver(Deployment("7", 3), generation: 1);
        var refresh = _renderer.Render(new FetchedChange(ChangeKind.Upsert, Target, 2, Deployment("7", 3), 0));
        Assert.True(refresh.IsRefresh);
        _store.Delete("deployment", "default/web"); // the store moved on between render and apply
        _sink.Apply(refresh);
        Assert.Contains("k8s_deployment_spec_replicas{name=\"web\",namespace=\"default\"} 3", Scrape());
    }
}
