using System.Runtime.InteropServices;

namespace KubeApiExporter.Tests.Integration.Harness;

/// <summary>
/// A config directory laid out the way the kubelet mounts a ConfigMap: exporter.yaml is a symlink
/// to ..data/exporter.yaml, and an update swaps the ..data symlink to a new timestamped directory.
/// </summary>
public sealed class ConfigMapDirectory
{
    private int _version;

    public ConfigMapDirectory(string initialText)
    {
        Root = Directory.CreateTempSubdirectory("kae-configmap-").FullName;
        Publish(initialText);
        File.CreateSymbolicLink(ConfigPath, Path.Combine("..data", "exporter.yaml"));
    }

    public string Root { get; }
    public string ConfigPath => Path.Combine(Root, "exporter.yaml");

    /// <summary>Atomically replaces the file's content, as a ConfigMap update does.</summary>
    public void Publish(string text)
    {
        var dataDir = Path.Combine(Root, $"..2026_11_25_{_version++:D4}");
        Directory.CreateDirectory(dataDir);
        File.WriteAllText(Path.Combine(dataDir, "exporter.yaml"), text);
        var tmpLink = Path.Combine(Root, "..data_tmp");
        File.CreateSymbolicLink(tmpLink, Path.GetFileName(dataDir));
        // rename(2) replaces the old ..data link atomically, as the kubelet does (File.Move follows the link).
        if (rename(tmpLink, Path.Combine(Root, "..data")) != 0)
            throw new IOException($"rename {tmpLink} failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int rename(string oldPath, string newPath);
}
