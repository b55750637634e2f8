using KubeApiExporter.Fetcher;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Fetcher;

/// <summary>What one target has passed on follows what the store holds: same version, delete, list sweep.</summary>
public sealed class DeliveredVersionsTests
{
    [Fact]
    public void Only_the_same_version_again_is_unchanged()
    {
        var d = new DeliveredVersions();
        Assert.False(d.Deliver("ns/a", "1", 1));
        Assert.True(d.Deliver("ns/a", "1", 2));
        Assert.False(d.Deliver("ns/a", "2", 2));
        Assert.False(d.Deliver("ns/b", "1", 2));
    }

    [Fact]
    public void A_missing_resourceVersion_is_never_unchanged_and_forgets_the_old_one()
    {
        var d = new DeliveredVersions();
        d.Deliver("ns/a", "1", 1);
        Assert.False(d.Deliver("ns/a", null, 1));
        Assert.False(d.Deliver("ns/a", "1", 1));
    }

    [Fact]
    public void A_delete_forgets_the_object()
    {
        var d = new DeliveredVersions();
        d.Deliver("ns/a", "1", 1);
        d.Forget("ns/a");
        Assert.False(d.Deliver("ns/a", "1", 1));
    }

    [Fact]
    public void A_list_end_sweeps_what_that_list_did_not_deliver_as_the_store_does()
    {
        var d = new DeliveredVersions();
        d.Deliver("ns/a", "1", 1);
        d.Deliver("ns/b", "1", 1);
        d.Deliver("ns/b", "1", 2); // list 2 delivered b again
        d.CompleteList(2);

        Assert.Equal(1, d.Count);
        Assert.True(d.Deliver("ns/b", "1", 3));
        Assert.False(d.Deliver("ns/a", "1", 3));
    }
}
