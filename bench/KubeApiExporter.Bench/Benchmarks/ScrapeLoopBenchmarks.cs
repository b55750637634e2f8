using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using KubeApiExporter.Bench.Fixtures;

namespace KubeApiExporter.Bench.Benchmarks;

/// <summary>
/// Prototype for a proposed SeriesStore.WriteAsync change, on the store's data layout (one
/// ConcurrentDictionary&lt;object, byte[]&gt; per family, 1 M series of rendered pods) but outside
/// production code: the current loop (ConcurrentDictionary.Values snapshot + one awaited
/// ScrapeBuffer.WriteAsync per member) against direct lock-free enumeration with synchronous copies
/// into the 64 KB buffer, awaiting only when it is full.
/// </summary>
[Config(typeof(ShortJobConfig))]
public class ScrapeLoopBenchmarks
{
    private (byte[] Header, ConcurrentDictionary<object, byte[]> Members)[] _families = [];

    [GlobalSetup]
    public void Setup()
    {
        var byName = new SortedDictionary<string, ConcurrentDictionary<object, byte[]>>(StringComparer.Ordinal);
        var series = 0;
        for (var start = 0; series < 1_000_000; start += 1000)
        {
            foreach (var rendered in PodCorpus.Render(1000, start: start))
            {
                var owner = new object();
                foreach (var f in rendered.Families)
                {
                    if (!byName.TryGetValue(f.Name, out var members))
                        byName[f.Name] = members = new ConcurrentDictionary<object, byte[]>(ReferenceEqualityComparer.Instance);
                    members[owner] = f.Lines;
                }
                series += rendered.SeriesCount;
            }
        }
        _families = byName.Select(kv => (System.Text.Encoding.UTF8.GetBytes($"# HELP {kv.Key} x\n# TYPE {kv.Key} gauge\n"), kv.Value)).ToArray();
    }

    [Benchmark(Baseline = true, Description = "current: Members.Values + await per member")]
    public async Task Current()
    {
        var buffer = new CurrentBuffer(Stream.Null);
        foreach (var (header, members) in _families)
        {
            await buffer.WriteAsync(header, CancellationToken.None);
            foreach (var lines in members.Values)
                await buffer.WriteAsync(lines, CancellationToken.None);
        }
        await buffer.FlushAsync(CancellationToken.None);
    }

    [Benchmark(Description = "proposed: enumerate Members, sync copy, await only full buffers")]
    public async Task Proposed()
    {
        var buffer = new byte[64 * 1024];
        var used = 0;
        foreach (var (header, members) in _families)
        {
            used = await Append(Stream.Null, buffer, used, header);
            foreach (var member in members)
            {
                var lines = member.Value;
                if (lines.Length <= buffer.Length - used)
                {
                    lines.CopyTo(buffer, used);
                    used += lines.Length;
                }
                else
                {
                    used = await Append(Stream.Null, buffer, used, lines);
                }
            }
        }
        await Stream.Null.WriteAsync(buffer.AsMemory(0, used));
    }

    private static async ValueTask<int> Append(Stream output, byte[] buffer, int used, byte[] bytes)
    {
        if (bytes.Length > buffer.Length - used)
        {
            await output.WriteAsync(buffer.AsMemory(0, used));
            used = 0;
            if (bytes.Length > buffer.Length)
            {
                await output.WriteAsync(bytes);
                return 0;
            }
        }
        bytes.CopyTo(buffer, used);
        return used + bytes.Length;
    }

    /// <summary>A copy of src/Registry/ScrapeBuffer.cs (internal there).</summary>
    private sealed class CurrentBuffer(Stream output)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _used;

        public async ValueTask WriteAsync(byte[] bytes, CancellationToken ct)
        {
            if (bytes.Length > _buffer.Length - _used)
            {
                await FlushAsync(ct);
                if (bytes.Length > _buffer.Length)
                {
                    await output.WriteAsync(bytes, ct);
                    return;
                }
            }
            bytes.CopyTo(_buffer, _used);
            _used += bytes.Length;
        }

        public async ValueTask FlushAsync(CancellationToken ct)
        {
            if (_used == 0)
                return;
            await output.WriteAsync(_buffer.AsMemory(0, _used), ct);
            _used = 0;
        }
    }
}
