namespace KubeApiExporter.Flattener;

/// <summary>One label of a sample; Name is already sanitised.</summary>
public readonly record struct Label(string Name, string Value);
