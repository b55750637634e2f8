using KubeApiExporter.Configuration;

namespace KubeApiExporter.Host;

/// <summary>
/// Where the running config came from, and the text it was parsed from, so a reload can tell whether
/// it changed; <paramref name="PortOverride"/> is --port, which wins over the file's port on every reload.
/// </summary>
public sealed record ConfigFile(string Path, string Text, int? PortOverride)
{
    /// <summary>
    /// Reads and validates the file once. The config the process starts with and the text the reload
    /// compares against come from the same read: with two reads, an edit landing between them became
    /// the reload's baseline and was never applied.
    /// </summary>
    public static (ConfigFile? File, ConfigLoadResult Loaded) Read(string path, int? portOverride)
    {
        string text;
        try
        {
            text = System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            // The loader words each way a read fails (not found, a directory, permissions) with its fix.
            var failed = ConfigLoader.LoadFile(path);
            return (null, failed.Ok ? new ConfigLoadResult(null, [new ConfigProblem(path, 0, 0, $"cannot read config file: {e.Message}")]) : failed);
        }
        var loaded = ConfigLoader.LoadText(text, path);
        return (loaded.Ok ? new ConfigFile(path, text, portOverride) : null, loaded);
    }

    /// <summary>The file as it is now when its text differs from this one's; null when unchanged. Throws what reading throws.</summary>
    public async Task<ConfigFile?> ReadIfChangedAsync(CancellationToken ct)
    {
        var text = await System.IO.File.ReadAllTextAsync(Path, ct);
        return text == Text ? null : this with { Text = text };
    }
}
