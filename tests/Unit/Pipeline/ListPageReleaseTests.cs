using System.Text.Json;
using System.Threading.Tasks.Dataflow;
using KubeApiExporter.Configuration;
using KubeApiExporter.Fetcher;
using KubeApiExporter.Flattener;
using KubeApiExporter.Host.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Pipeline;

/// <summary>
/// A list page's document goes back to the pool once the last stage that reads one of its objects
/// is done: the filter for what it drops or marks unchanged, the render stage for what it renders.
/// Too early would be a use after dispose; never would leave every page of a re-list to the GC
/// (the 100k re-list peak, bench/README.md "Re-list peak and readiness at 100k").
/// </summary>
public sealed class ListPageReleaseTests
{
    private static readonly WatchTarget Target = new("deployment", "apps", "v1", "deployments", null, "", "");
    private readonly RulesInForce _rules = new();
    private readonly ChangeFilter _filter = new(ShardFilter.All, new BufferBlock<ObjectChange>(), CancellationToken.None);
    private readonly ObjectRenderer _renderer;

    public ListPageReleaseTests()
    {
        _rules.ByName = new Dictionary<string, FlattenRules>
        {
            ["deployment"] = FlattenRules.Compile("k8s", new ResourceConfig { Name = "deployment", ApiVersion = "apps/v1", Resource = "deployments" }),
        };
        _renderer = new ObjectRenderer(_rules, NullLogger.Instance);
    }

    /// <summary>A page of the given objects, each held as the watcher holds them, and the reader's own hold released.</summary>
    private static (ListPage Page, List<FetchedChange> Changes) Page(long generation, params string[] items)
    {
        var page = new ListPage(JsonDocument.Parse($$"""{"metadata":{"resourceVersion":"1"},"items":[{{string.Join(',', items)}}]}"""));
        var changes = new List<FetchedChange>();
        foreach (var item in page.Root.GetProperty("items").EnumerateArray())
        {
            page.Hold();
            changes.Add(new FetchedChange(ChangeKind.Upsert, Target, generation, item, 0, page));
        }
        page.Release();
        return (page, changes);
    }

    private static string Deployment(string name, string resourceVersion) =>
        $$$"""{"metadata":{"name":"{{{name}}}","namespace":"default","resourceVersion":"{{{resourceVersion}}}"},"spec":{"replicas":3}}""";

    [Fact]
    public void The_page_is_disposed_when_its_last_changed_object_is_rendered_not_before()
    {
        var (page, changes) = Page(1, Deployment("a", "1"), Deployment("b", "1"));
        var passed = changes.Select(c => _filter.Pass(c)!.Value).ToList();
        Assert.All(passed, c => Assert.Equal(ObjectChangeKind.Changed, c.Kind));
        Assert.All(passed, c => Assert.Same(page, c.Page));
        Assert.False(page.Released); // both objects are still to be rendered

        Assert.Equal(SinkAction.Upsert, _renderer.Render(passed[0]).Action);
        Assert.False(page.Released);
        Assert.Equal(SinkAction.Upsert, _renderer.Render(passed[1]).Action);
        Assert.True(page.Released);
        Assert.Throws<ObjectDisposedException>(() => page.Root.GetProperty("items"));
    }

    [Fact]
    public void Objects_the_filter_drops_or_marks_unchanged_release_the_page_there()
    {
        foreach (var c in Page(1, Deployment("a", "7")).Changes)
            _renderer.Render(_filter.Pass(c)!.Value);

        // A re-list: "a" unchanged, one object without a name; neither goes on with its object.
        var (page, changes) = Page(2, Deployment("a", "7"), """{"metadata":{"resourceVersion":"3"}}""");
        var unchanged = _filter.Pass(changes[0]);
        Assert.Equal(ObjectChangeKind.Unchanged, unchanged!.Value.Kind);
        Assert.Null(unchanged.Value.Page);
        Assert.False(page.Released);
        Assert.Null(_filter.Pass(changes[1]));
        Assert.True(page.Released);
    }

    [Fact]
    public void An_object_that_cannot_be_rendered_or_whose_resource_left_the_config_still_releases_its_page()
    {
        var (page, changes) = Page(1, Deployment("a", "1"));
        var passed = _filter.Pass(changes[0])!.Value;
        _rules.ByName = new Dictionary<string, FlattenRules>();

        Assert.Equal(SinkAction.Skip, _renderer.Render(passed).Action);
        Assert.True(page.Released);
    }

    [Fact]
    public void Releasing_a_page_more_often_than_it_was_held_is_a_bug_that_throws()
    {
        var page = new ListPage(JsonDocument.Parse("""{"items":[]}"""));
        page.Release();
        Assert.Throws<InvalidOperationException>(page.Release);
    }
}
