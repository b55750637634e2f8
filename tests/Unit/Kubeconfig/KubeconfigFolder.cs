using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KubeApiExporter.Tests.Unit.Kubeconfig;

/// <summary>A temporary folder holding a kubeconfig and the files it names (a CA, a client certificate and key, a token, a plugin script).</summary>
public sealed class KubeconfigFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("kubeconfig-test-").FullName;

    public KubeconfigFolder()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=test-ca", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        CaPem = ca.ExportCertificatePem();
        CaThumbprint = ca.Thumbprint;
        KeyPem = key.ExportPkcs8PrivateKeyPem();
        Write("ca.crt", CaPem);
        Write("client.crt", CaPem);
        Write("client.key", KeyPem);
    }

    public string CaPem { get; }
    public string CaThumbprint { get; }
    public string KeyPem { get; }

    public static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(text));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string text)
    {
        System.IO.File.WriteAllText(File(name), text);
        return File(name);
    }

    /// <summary>An executable shell script (a credential plugin).</summary>
    public string Script(string name, string body)
    {
        var path = Write(name, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows()) // the plugin tests run a shell script: Linux (CI) and macOS
            System.IO.File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
