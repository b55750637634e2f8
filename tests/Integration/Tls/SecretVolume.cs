using System.Diagnostics;

namespace KubeApiExporter.Tests.Integration.Tls;

/// <summary>
/// A directory laid out as the kubelet lays out a mounted Secret: tls.crt and tls.key are symlinks
/// into ..data, itself a symlink to a timestamped directory; an update writes a new directory and
/// swaps ..data in one rename, so a reader never sees a half-updated pair.
/// </summary>
public sealed class SecretVolume : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kae-secret-").FullName;
    private int _version;

    public string CertFile => Path.Combine(_dir, "tls.crt");
    public string KeyFile => Path.Combine(_dir, "tls.key");

    public async Task WriteAsync(string certPem, string keyPem)
    {
        var version = Path.Combine(_dir, $"..{++_version}");
        Directory.CreateDirectory(version);
        await File.WriteAllTextAsync(Path.Combine(version, "tls.crt"), certPem);
        await File.WriteAllTextAsync(Path.Combine(version, "tls.key"), keyPem);
        var temp = Path.Combine(_dir, "..data_tmp");
        File.CreateSymbolicLink(temp, Path.GetFileName(version));
        // rename(2) over the old link: the atomic swap the kubelet does (mv -T does exactly that).
        using (var mv = Process.Start("mv", ["-Tf", temp, Path.Combine(_dir, "..data")]))
            await mv.WaitForExitAsync();
        if (!File.Exists(CertFile))
        {
            File.CreateSymbolicLink(CertFile, "..data/tls.crt");
            File.CreateSymbolicLink(KeyFile, "..data/tls.key");
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
