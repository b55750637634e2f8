namespace KubeApiExporter.Flattener;

/// <summary>
/// The canonical metric name and HELP text of one metric of a resource. One instance per metric
/// name per <see cref="FlattenRules"/>, so the sink receives the same string instances for every
/// sample of a metric (it groups by them) and duplicate checks can compare by reference.
/// </summary>
internal sealed class MetricDescriptor(string name, string help, int id)
{
    public string Name { get; } = name;
    public string Help { get; } = help;
    /// <summary>Small sequential id, a cheap hash seed for duplicate detection.</summary>
    public int Id { get; } = id;
}
