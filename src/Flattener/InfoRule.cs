using KubeApiExporter.Configuration;

namespace KubeApiExporter.Flattener;

/// <summary>A compiled <c>info:</c> entry: a 1-valued series per item of the list at <see cref="Each"/>.</summary>
internal sealed record InfoRule(MetricDescriptor Metric, FieldPath Each, (LabelName Name, FieldPath Source)[] Labels);
