namespace KubeApiExporter.Host;

/// <summary>
/// Where the running config came from, and its text, so a reload can tell whether it changed;
/// <paramref name="PortOverride"/> is --port, which wins over the file's port on every reload.
/// </summary>
public sealed record ConfigFile(string Path, string Text, int? PortOverride);
