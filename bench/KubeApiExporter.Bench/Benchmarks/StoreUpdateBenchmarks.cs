using BenchmarkDotNet.Attributes;
using KubeApiExporter.Bench.Fixtures;
using KubeApiExporter.Registry;

namespace KubeApiExporter.Bench.Benchmarks;

/// <summary>
/// SeriesRegistry writes, one operation = one rendered pod, on a store already holding 10,000 other
/// pods: upsert of a new object, of a changed object (restartCount and so one family differs), of
/// an unchanged object (re-rendered: equal bytes in new arrays, as after a re-list) and delete.
/// Divide by the series per pod printed at setup for the cost per series.
/// </summary>
[Config(typeof(ShortJobConfig))]
public class StoreUpdateBenchmarks
{
    private const int Objects = 10_000;
    private const string Resource = "pod";
    private RenderedObject[] _base = [];
    private RenderedObject[] _original = [];
    private RenderedObject[] _changed = [];
    private RenderedObject[] _unchanged = [];
    private string[] _baseKeys = [];
    private string[] _keys = [];
    private SeriesRegistry _store = null!;

    [GlobalSetup]
    public void Setup()
    {
        _base = PodCorpus.Render(Objects, start: Objects);
        _original = PodCorpus.Render(Objects);
        _unchanged = PodCorpus.Render(Objects);
        _changed = PodCorpus.Render(Objects, restartCount: 7);
        _baseKeys = Enumerable.Range(Objects, Objects).Select(PodCorpus.KeyOf).ToArray();
        _keys = Enumerable.Range(0, Objects).Select(PodCorpus.KeyOf).ToArray();
        Console.WriteLine($"// {_original.Average(r => r.SeriesCount):0.0} series per pod in {_original.Average(r => r.Families.Length):0.0} families");
    }

    private void FreshStore(bool withObjects)
    {
        _store = new SeriesRegistry();
        for (var i = 0; i < Objects; i++)
            _store.Upsert(Resource, _baseKeys[i], "", 1, _base[i]);
        if (withObjects)
            for (var i = 0; i < Objects; i++)
                _store.Upsert(Resource, _keys[i], "", 1, _original[i]);
    }

    [IterationSetup(Target = nameof(UpsertNew))]
    public void SetupEmpty() => FreshStore(withObjects: false);

    [IterationSetup(Targets = [nameof(UpsertChanged), nameof(UpsertUnchanged), nameof(Delete)])]
    public void SetupFull() => FreshStore(withObjects: true);

    [Benchmark(OperationsPerInvoke = Objects, Description = "Upsert new object")]
    public int UpsertNew()
    {
        var added = 0;
        for (var i = 0; i < Objects; i++)
            added += _store.Upsert(Resource, _keys[i], "", 2, _original[i]).SeriesAdded;
        return added;
    }

    [Benchmark(OperationsPerInvoke = Objects, Description = "Upsert changed object (1 family differs)")]
    public int UpsertChanged()
    {
        var changed = 0;
        for (var i = 0; i < Objects; i++)
            changed += _store.Upsert(Resource, _keys[i], "", 2, _changed[i]).SeriesChanged;
        return changed;
    }

    [Benchmark(OperationsPerInvoke = Objects, Description = "Upsert unchanged object (re-delivered)")]
    public int UpsertUnchanged()
    {
        var changed = 0;
        for (var i = 0; i < Objects; i++)
            changed += _store.Upsert(Resource, _keys[i], "", 2, _unchanged[i]).SeriesChanged;
        return changed;
    }

    [Benchmark(OperationsPerInvoke = Objects, Description = "Delete object")]
    public int Delete()
    {
        var removed = 0;
        for (var i = 0; i < Objects; i++)
            removed += _store.Delete(Resource, _keys[i]).SeriesRemoved;
        return removed;
    }
}
