using KubeApiExporter.Flattener;

namespace KubeApiExporter.Bench.Fixtures;

/// <summary>Counts samples and keeps nothing: the flattener's own cost.</summary>
public sealed class NoOpSink : ISampleSink
{
    public int Samples;

    public void Add(string metric, string help, ReadOnlySpan<Label> labels, double value) => Samples++;
}
