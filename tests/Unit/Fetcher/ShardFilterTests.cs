using KubeApiExporter.Fetcher;
using Xunit;

namespace KubeApiExporter.Tests.Unit.Fetcher;

/// <summary>README, "Sharding": a replica keeps the objects whose metadata.uid hashes (FNV-1a 64) to its shard mod N.</summary>
public sealed class ShardFilterTests
{
    [Theory]
    [InlineData("", 0xcbf29ce484222325UL)]
    [InlineData("a", 0xaf63dc4c8601ec8cUL)]
    [InlineData("foobar", 0x85944171f73967e8UL)]
    public void Fnv1a64_matches_the_published_test_vectors(string text, ulong expected)
    {
        Assert.Equal(expected, ShardFilter.Fnv1a64(text));
    }

    [Fact]
    public void Fnv1a64_hashes_the_utf8_bytes_also_for_long_and_non_ascii_text()
    {
        // Reference: the byte loop of the FNV-1a definition over UTF-8, independent of the buffer path.
        static ulong Reference(string s)
        {
            var hash = 0xcbf29ce484222325UL;
            foreach (var b in System.Text.Encoding.UTF8.GetBytes(s))
            {
                hash ^= b;
                hash *= 0x100000001b3UL;
            }
            return hash;
        }
        foreach (var text in new[] { "5f0c2a7e-3f5b-4a8e-9d61-0c7e2b1a9f10", "grüße-日本-🚀", new string('x', 256), new string('é', 200), new string('y', 10_000) })
            Assert.Equal(Reference(text), ShardFilter.Fnv1a64(text));
    }

    [Fact]
    public void Uids_spread_over_three_shards_with_each_keeping_25_to_42_percent()
    {
        var rng = new Random(20260115);
        var uids = Enumerable.Range(0, 3_000).Select(_ => NewUid(rng)).ToList();
        var shards = Enumerable.Range(0, 3).Select(i => new ShardFilter(i, 3)).ToArray();

        var kept = shards.Select(s => uids.Count(s.Keeps)).ToArray();

        foreach (var count in kept)
            Assert.InRange(count, 750, 1260);
        Assert.Equal(3_000, kept.Sum());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Exactly_one_shard_keeps_each_uid(int total)
    {
        var rng = new Random(total);
        var shards = Enumerable.Range(0, total).Select(i => new ShardFilter(i, total)).ToArray();
        foreach (var uid in Enumerable.Range(0, 3_000).Select(_ => NewUid(rng)).Append("").Append("not-a-uuid"))
            Assert.Equal(1, shards.Count(s => s.Keeps(uid)));
    }

    [Fact]
    public void Shard_is_the_hash_mod_the_total()
    {
        // "foobar" hashes to 0x85944171f73967e8 = 9625390261332436968: 0 mod 3, 3 mod 5.
        // "a" hashes to 0xaf63dc4c8601ec8c = 12638187200555641996: 1 mod 3.
        Assert.True(new ShardFilter(0, 3).Keeps("foobar"));
        Assert.False(new ShardFilter(1, 3).Keeps("foobar"));
        Assert.True(new ShardFilter(3, 5).Keeps("foobar"));
        Assert.True(new ShardFilter(1, 3).Keeps("a"));
        Assert.False(new ShardFilter(0, 3).Keeps("a"));
    }

    [Fact]
    public void An_unsharded_filter_keeps_everything()
    {
        Assert.True(ShardFilter.All.Keeps("anything"));
        Assert.True(ShardFilter.All.Keeps(""));
        Assert.True(new ShardFilter(0, 1).Keeps("foobar"));
    }

    private static string NewUid(Random rng)
    {
        Span<byte> bytes = stackalloc byte[16];
        rng.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }
}
