using KubeApiExporter.Flattener;

namespace KubeApiExporter.Tests.Unit.Flattener;

/// <summary>One sample as the flattener handed it to the sink, labels copied out of the transient span.</summary>
public sealed record Sample(string Metric, string Help, Label[] Labels, double Value)
{
    public string? Label(string name) => Labels.FirstOrDefault(l => l.Name == name).Value;

    /// <summary>Exposition-like text with labels sorted by name, as the README writes samples.</summary>
    public string Text =>
        $"{Metric}{{{string.Join(",", Labels.OrderBy(l => l.Name, StringComparer.Ordinal).Select(l => $"{l.Name}=\"{l.Value}\""))}}} {Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>Label names in the order the flattener gave them.</summary>
    public string LabelOrder => string.Join(",", Labels.Select(l => l.Name));
}

/// <summary>An <see cref="ISampleSink"/> that keeps every sample, for assertions.</summary>
public sealed class CollectingSink : ISampleSink
{
    public List<Sample> Samples { get; } = [];

    public void Add(string metric, string help, ReadOnlySpan<Label> labels, double value) =>
        Samples.Add(new Sample(metric, help, labels.ToArray(), value));

    public IEnumerable<string> Texts => Samples.Select(s => s.Text);

    public Sample Single(string metric) => Samples.Single(s => s.Metric == metric);

    public Sample Single(string metric, string label, string value) =>
        Samples.Single(s => s.Metric == metric && s.Label(label) == value);

    public IEnumerable<Sample> Of(string metric) => Samples.Where(s => s.Metric == metric);
}
