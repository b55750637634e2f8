using KubeApiExporter.Configuration;

namespace KubeApiExporter.Flattener;

/// <summary>A compiled <c>labels:</c> entry: label name and the string field that gives its value.</summary>
internal sealed record ExtraLabel(LabelName Name, FieldPath Source);
