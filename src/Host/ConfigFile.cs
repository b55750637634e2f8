namespace KubeApiExporter.Host;

/// <summary>Where the running config came from, and its text, so a reload can tell whether it changed.</summary>
public sealed record ConfigFile(string Path, string Text);
