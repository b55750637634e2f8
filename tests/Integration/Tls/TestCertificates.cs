using System.Security.Cryptography.X509Certificates;

namespace KubeApiExporter.Tests.Integration.Tls;

/// <summary>
/// Certificates made with the openssl command line, as an operator (or cert-manager) makes them: a
/// CA, and serving certificates for 127.0.0.1/localhost signed by it, each with its own serial.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kae-tls-").FullName;
    private int _issued;

    private TestCertificates()
    {
    }

    public string CaCertFile => Path.Combine(_dir, "ca.crt");
    public X509Certificate2 Ca => X509CertificateLoader.LoadCertificateFromFile(CaCertFile);

    public static string? MissingReason => EndToEnd.ExternalTool.Find("openssl") is null ? "openssl not installed: apt-get install -y openssl" : null;

    public static async Task<TestCertificates> CreateAsync()
    {
        var c = new TestCertificates();
        await c.OpenSslAsync("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", Path.Combine(c._dir, "ca.key"), "-out", c.CaCertFile, "-days", "2", "-subj", "/CN=kube-api-exporter test CA");
        return c;
    }

    /// <summary>A new serving certificate and key (PEM files) signed by the CA; returns the paths and the serial (hex, as .NET prints it).</summary>
    public async Task<(string CertFile, string KeyFile, string Serial)> IssueAsync(string commonName = "kube-api-exporter")
    {
        var n = Interlocked.Increment(ref _issued);
        // An even number of hex digits, first below 8 (no DER padding byte): the form X509Certificate2.SerialNumber prints.
        var serial = $"{0x10 + n:X2}{Random.Shared.Next(0x100000, 0xFFFFFF):X6}";
        var cert = Path.Combine(_dir, $"leaf{n}.crt");
        var key = Path.Combine(_dir, $"leaf{n}.key");
        var csr = Path.Combine(_dir, $"leaf{n}.csr");
        var ext = Path.Combine(_dir, $"leaf{n}.ext");
        await File.WriteAllTextAsync(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
        await OpenSslAsync("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", csr, "-subj", $"/CN={commonName}");
        await OpenSslAsync("x509", "-req", "-in", csr, "-CA", CaCertFile, "-CAkey", Path.Combine(_dir, "ca.key"),
            "-set_serial", $"0x{serial}", "-out", cert, "-days", "1", "-extfile", ext);
        return (cert, key, serial);
    }

    private async Task OpenSslAsync(params string[] args)
    {
        var result = await ToolRun.RunAsync("openssl", args, TimeSpan.FromSeconds(60));
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"openssl {string.Join(' ', args)} failed: {result.Stderr}");
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
