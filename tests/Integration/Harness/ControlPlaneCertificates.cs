using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KubeApiExporter.Tests.Integration.Harness;

/// <summary>
/// The key material a kube-apiserver on loopback needs, written as PEM files: a CA, a serving
/// certificate for 127.0.0.1 and localhost signed by it (clients verify TLS for real, with the CA
/// in their kubeconfig), and the RSA key pair that signs and verifies service-account tokens.
/// </summary>
public sealed class ControlPlaneCertificates
{
    private ControlPlaneCertificates(string dir, X509Certificate2 ca)
    {
        Ca = ca;
        CaPath = Path.Combine(dir, "ca.crt");
        ServerCertPath = Path.Combine(dir, "apiserver.crt");
        ServerKeyPath = Path.Combine(dir, "apiserver.key");
        ServiceAccountKeyPath = Path.Combine(dir, "sa.key");
        ServiceAccountPublicKeyPath = Path.Combine(dir, "sa.pub");
    }

    /// <summary>The CA certificate (public part), to trust the apiserver from .NET.</summary>
    public X509Certificate2 Ca { get; }
    public string CaPath { get; }
    public string ServerCertPath { get; }
    public string ServerKeyPath { get; }
    public string ServiceAccountKeyPath { get; }
    public string ServiceAccountPublicKeyPath { get; }

    public static ControlPlaneCertificates Create(string dir)
    {
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = DateTimeOffset.UtcNow.AddDays(2);

        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=kube-api-exporter test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(notBefore, notAfter);

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=kube-apiserver", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // serverAuth
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f; // a positive serial: Go rejects negative ones
        using var server = serverRequest.Create(ca, notBefore, notAfter, serial);

        using var serviceAccountKey = RSA.Create(2048);

        var result = new ControlPlaneCertificates(dir, X509Certificate2.CreateFromPem(ca.ExportCertificatePem()));
        File.WriteAllText(result.CaPath, ca.ExportCertificatePem() + "\n");
        File.WriteAllText(result.ServerCertPath, server.ExportCertificatePem() + "\n");
        File.WriteAllText(result.ServerKeyPath, serverKey.ExportRSAPrivateKeyPem() + "\n");
        File.WriteAllText(result.ServiceAccountKeyPath, serviceAccountKey.ExportRSAPrivateKeyPem() + "\n");
        File.WriteAllText(result.ServiceAccountPublicKeyPath, serviceAccountKey.ExportSubjectPublicKeyInfoPem() + "\n");
        return result;
    }

    /// <summary>An HttpClient handler that trusts exactly this CA (and not the system's).</summary>
    public HttpClientHandler TrustingHandler() => new()
    {
        ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
        {
            if (cert is null)
                return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(Ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(cert);
        },
    };
}
