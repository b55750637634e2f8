using KubeApiExporter.Configuration;

namespace KubeApiExporter.Flattener;

/// <summary>
/// A compiled <c>zeroFill</c> path. <see cref="Allowed"/> is false when include/exclude would drop
/// the path anyway, so zero-filling never exports what the filters hide.
/// </summary>
internal sealed record ZeroFillRule(FieldPath Path, FieldNode Node, bool Allowed);
