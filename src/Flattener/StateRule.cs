using System.Text;

namespace KubeApiExporter.Flattener;

/// <summary>
/// A compiled <c>states:</c> entry. <see cref="Nodes"/> are the path's field nodes (shared with the
/// walk, so a list on the way is labelled exactly as numbers under it are), <see cref="Values"/> the
/// state set's values, empty for a plain state.
/// </summary>
internal sealed class StateRule(MetricDescriptor metric, FieldNode[] nodes, LabelName label, string[] values)
{
    public MetricDescriptor Metric { get; } = metric;
    public FieldNode[] Nodes { get; } = nodes;
    public byte[][] Utf8Segments { get; } = nodes.Select(n => Encoding.UTF8.GetBytes(n.Key)).ToArray();
    public LabelName Label { get; } = label;
    public string[] Values { get; } = values;
}
