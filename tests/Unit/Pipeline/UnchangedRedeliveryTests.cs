using System.Text.Json;
using KubeApiExporter.Configuration;
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
/// must cost a lookup, not a flatten, and must survive the re-list's stale-object sweep. The fetch
/// stage (ChangeFilter) recognises it, the render stage passes it on unrendered, the sink refreshes it.
/// </summary>
public sealed class UnchangedRedeliveryTests
{
    private static readonly WatchTarget Target = new("deployment", "apps", "v1", "deployments", null, "", "");
    private readonly SeriesRegistry _store = new();
    private readonly RulesInForce _rules = new();
    private readonly ObjectRenderer _renderer;
    private readonly SeriesSink _sink;
    private ChangeFilter _filter = NewFilter();

    public UnchangedRedeliveryTests()
    {
        _renderer = new ObjectRenderer(_rules, NullLogger.Instance);
        UseRules();
        var metrics = new ExporterMetrics("test");
        _sink = new SeriesSink(_store, _rules, metrics, new ResourceStatusBoard(metrics, TimeProvider.System), NullLogger.Instance, TimeProvider.System);
    }

    private static ChangeFilter NewFilter() => new(ShardFilter.All, new System.Threading.Tasks.Dataflow.BufferBlock<ObjectChange>(), CancellationToken.None);

    /// <summary>As ExportPipeline applies a reload that changes the resource: new rules, and its targets (so their filters) restart.</summary>
    private void UseRules(params string[] exclude)
    {
        _rules.ByName = new Dictionary<string, FlattenRules>
        {
            ["deployment"] = FlattenRules.Compile("k8s", new ResourceConfig { Name = "deployment", ApiVersion = "apps/v1", Resource = "deployments", Exclude = [.. exclude] }),
        };
        _filter = NewFilter();
    }

    private static JsonElement Deployment(string resourceVersion, int replicas) => JsonDocument.Parse($$$"""
        {"metadata":{"name":"web","namespace":"default","resourceVersion":"{{{resourceVersion}}}"},"spec":{"replicas":{{{replicas}}},"paused":false}}
        """).RootElement;

    /// <summary>Fetch and render stages for one change (null: the fetch stage dropped it).</summary>
    private SinkCommand? Render(ChangeKind kind, JsonElement obj, long generation) =>
        _filter.Pass(new FetchedChange(kind, Target, generation, obj, TimeProvider.System.GetTimestamp())) is { } change ? _renderer.Render(change) : null;

    private SinkCommand Deliver(JsonElement obj, long generation)
    {
        var command = Render(ChangeKind.Upsert, obj, generation)!.Value;
        _sink.Apply(command);
        return command;
    }

    private void CompleteList(long generation) => _sink.Apply(Render(ChangeKind.ListCompleted, default, generation)!.Value);

    private string Scrape()
    {
        using var output = new MemoryStream();
        _store.WriteAsync(output, CancellationToken.None).GetAwaiter().GetResult();
        return System.Text.Encoding.UTF8.GetString(output.ToArray());
    }

    [Fact]
    public void Same_resourceVersion_and_rules_is_refreshed_without_rendering_and_survives_the_relist()
    {
        Assert.Equal(SinkAction.Upsert, Deliver(Deployment("7", 3), generation: 1).Action);
        CompleteList(1);
        var before = Scrape();

        var again = Deliver(Deployment("7", 3), generation: 2);
        Assert.Equal(SinkAction.Refresh, again.Action);
        Assert.Same(RenderedObject.Empty, again.Rendered);
        CompleteList(2); // the sweep must not take it: the refresh recorded generation 2
        Assert.Equal(before, Scrape());
        Assert.Equal(1, _store.ObjectCount("deployment"));
    }

    [Fact]
    public void A_new_resourceVersion_is_rendered_again()
    {
        Deliver(Deployment("7", 3), generation: 1);
        var changed = Deliver(Deployment("8", 5), generation: 1);
        Assert.Equal(SinkAction.Upsert, changed.Action);
        Assert.Contains("k8s_deployment_spec_replicas{name=\"web\",namespace=\"default\"} 5", Scrape());
    }

    [Fact]
    public void New_rules_after_a_reload_render_an_unchanged_object_again()
    {
        Deliver(Deployment("7", 3), generation: 1);
        UseRules(exclude: "spec.replicas");
        var again = Deliver(Deployment("7", 3), generation: 2);
        Assert.NotEqual(SinkAction.Refresh, again.Action);
        Assert.DoesNotContain("k8s_deployment_spec_replicas", Scrape());
        Assert.Contains("k8s_deployment_spec_paused", Scrape());
    }

    [Fact]
    public void A_redelivery_behind_a_delete_not_yet_applied_is_rendered_not_refreshed()
    {
        // The store moves on between the fetch stage's decision and the sink's apply: both changes
        // pass the fetch and render stages before the sink applies either.
        Deliver(Deployment("7", 3), generation: 1);
        var delete = Render(ChangeKind.Delete, Deployment("7", 3), 1)!.Value;
        var readded = Render(ChangeKind.Upsert, Deployment("7", 3), 2)!.Value;
        Assert.Equal(SinkAction.Upsert, readded.Action);

        _sink.Apply(delete);
        _sink.Apply(readded);
        Assert.Contains("k8s_deployment_spec_replicas{name=\"web\",namespace=\"default\"} 3", Scrape());
    }

    [Fact]
    public void A_redelivery_after_the_list_that_swept_the_object_is_rendered_not_refreshed()
    {
        Deliver(Deployment("7", 3), generation: 1);
        var sweep = Render(ChangeKind.ListCompleted, default, 2)!.Value; // list 2 did not deliver it
        var back = Render(ChangeKind.Upsert, Deployment("7", 3), 3)!.Value;
        Assert.Equal(SinkAction.Upsert, back.Action);

        _sink.Apply(sweep);
        Assert.Equal(0, _store.ObjectCount("deployment"));
        _sink.Apply(back);
        Assert.Contains("k8s_deployment_spec_replicas{name=\"web\",namespace=\"default\"} 3", Scrape());
    }

    [Fact]
    public void An_object_without_a_resourceVersion_is_always_rendered()
    {
        var bare = JsonDocument.Parse("""{"metadata":{"name":"web","namespace":"default"},"spec":{"replicas":1}}""").RootElement;
        Assert.Equal(SinkAction.Upsert, Deliver(bare, 1).Action);
        Assert.Equal(SinkAction.Upsert, Deliver(bare, 1).Action);
    }
}
