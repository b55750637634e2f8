using System.Text.Json;
using BenchmarkDotNet.Attributes;
using KubeApiExporter.Bench.Fixtures;
using KubeApiExporter.Flattener;
using KubeApiExporter.Host.Pipeline;
using KubeApiExporter.Registry;

namespace KubeApiExporter.Bench.Benchmarks;

/// <summary>
/// One realistic pod (~5.4 KB JSON) per operation, cycling through 1,000 distinct pods with the
/// shipped pod rules: flatten only (no-op sink), flatten + render to exposition bytes (the
/// pipeline's flatten block), and the same with JSON parsing (what a list page costs in total).
/// Ops/s of the single-threaded benchmark = pods/s per core.
/// </summary>
[Config(typeof(ShortJobConfig))]
public class FlattenBenchmarks
{
    private const int Distinct = 1000;
    private JsonElement[] _pods = [];
    private byte[][] _json = [];
    private FlattenRules _resource = null!;
    private readonly NoOpSink _sink = new();
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _resource = PodCorpus.Pod;
        _pods = PodCorpus.ParsedPods(Distinct);
        _json = Enumerable.Range(0, Distinct).Select(i => PodCorpus.PodJson(i)).ToArray();
        // Warm the rules' caches (field paths, metric names, shared label values) as a running exporter has them.
        foreach (var p in _pods)
            ObjectFlattener.Flatten(_resource, p, _sink);
        var rendered = ObjectRenderer.RenderObject(_resource, _pods[0]);
        Console.WriteLine($"// pod JSON {_json.Average(j => j.Length):0} B average; {_sink.Samples / Distinct} samples per pod; " +
                          $"{rendered.SeriesCount} series in {rendered.Families.Length} families, {rendered.Text.Length} B rendered");
    }

    private int Next() => _next = (_next + 1) % Distinct;

    [Benchmark(Description = "Flatten pod -> no-op sink")]
    public int FlattenOnly()
    {
        _sink.Samples = 0;
        ObjectFlattener.Flatten(_resource, _pods[Next()], _sink);
        return _sink.Samples;
    }

    [Benchmark(Baseline = true, Description = "Flatten + render pod -> RenderedObject")]
    public RenderedObject FlattenAndRender() => ObjectRenderer.RenderObject(_resource, _pods[Next()]);

    [Benchmark(Description = "Parse JSON + flatten + render")]
    public RenderedObject ParseFlattenAndRender()
    {
        using var doc = JsonDocument.Parse(_json[Next()]);
        return ObjectRenderer.RenderObject(_resource, doc.RootElement);
    }
}
