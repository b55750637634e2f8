using System.Text;

namespace KubeApiExporter.Fetcher;

/// <summary>README, "Sharding": a replica keeps the objects whose metadata.uid FNV-1a 64 hash mod N equals its shard.</summary>
public sealed record ShardFilter(int Shard, int TotalShards)
{
    public static ShardFilter All { get; } = new(0, 1);

    public bool Keeps(string uid) => TotalShards <= 1 || (int)(Fnv1a64(uid) % (ulong)TotalShards) == Shard;

    public static ulong Fnv1a64(string text)
    {
        const ulong offset = 14695981039346656037UL;
        const ulong prime = 1099511628211UL;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(text) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(text, buffer)] : Encoding.UTF8.GetBytes(text);
        var hash = offset;
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= prime;
        }
        return hash;
    }
}
