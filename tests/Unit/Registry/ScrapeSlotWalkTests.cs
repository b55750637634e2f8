using KubeApiExporter.Registry;
using KubeApiExporter.Tests.Shared;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Registry;

/// <summary>
/// A scrape walks each family's slots across every object: emptied slots (deleted objects) and members without
/// lines (an object that dropped the family but keeps its slot) anywhere among many objects are
/// skipped, and every other object is written once, in slot order.
/// </summary>
public sealed class ScrapeSlotWalkTests
{
    private const string Deployments = "deployment";

    private static bool Deleted(int i) => i % 3 == 0 || (i >= 40 && i < 80);
    private static bool DropsMinReady(int i) => i % 5 == 0 || (i >= 100 && i < 140);
    private static string Spec(int i, bool final) =>
        final && DropsMinReady(i) ? $"\"replicas\": {i}" : $"\"replicas\": {i}, \"minReadySeconds\": {i % 7}";

    [Fact]
    public void Deleted_objects_and_dropped_families_among_many_objects_are_skipped_and_the_rest_written_once_in_order()
    {
        const int objects = 200;
        var churned = new SeriesRegistry();
        for (var i = 0; i < objects; i++)
            churned.Upsert(Deployments, $"default/d{i}", "", 1, Render.Deploy($"d{i}", Spec(i, final: false)));
        for (var i = 0; i < objects; i++)
        {
            if (Deleted(i))
                churned.Delete(Deployments, $"default/d{i}");
            else if (DropsMinReady(i))
                churned.Upsert(Deployments, $"default/d{i}", "", 1, Render.Deploy($"d{i}", Spec(i, final: true)));
        }

        // The same survivors in the same order, never churned: their slots are dense.
        var fresh = new SeriesRegistry();
        for (var i = 0; i < objects; i++)
        {
            if (!Deleted(i))
                fresh.Upsert(Deployments, $"default/d{i}", "", 1, Render.Deploy($"d{i}", Spec(i, final: true)));
        }

        Assert.Equal(objects, churned.SlotsOf("k8s_deployment_spec_minReadySeconds"));
        var text = Render.Scrape(churned);
        Assert.Equal(Render.Scrape(fresh), text);
        var minReady = Render.Parsed(churned).Samples.Where(s => s.Name == "k8s_deployment_spec_minReadySeconds").ToList();
        Assert.Equal(Enumerable.Range(0, objects).Count(i => !Deleted(i) && !DropsMinReady(i)), minReady.Count);
        Assert.Equal(minReady.Count, minReady.Select(s => s.Labels["name"]).Distinct().Count());
    }
}
