using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace KubeApiExporter.Host.Http;

/// <summary>
/// The serving certificate from a PEM certificate file (leaf first, then any intermediates, as
/// cert-manager's tls.crt holds them) and a PEM key file. <see cref="Check"/> re-reads both and swaps
/// the certificate when their content changed; a change that does not load (a half-written pair, a key
/// that does not match) keeps the current certificate. New TLS handshakes get the current one.
/// </summary>
public sealed class TlsCertificateSource
{
    private volatile SslStreamCertificateContext _current;
    private byte[] _certBytes;
    private byte[] _keyBytes;

    private TlsCertificateSource(string certFile, string keyFile, SslStreamCertificateContext current, byte[] certBytes, byte[] keyBytes)
    {
        CertFile = certFile;
        KeyFile = keyFile;
        _current = current;
        _certBytes = certBytes;
        _keyBytes = keyBytes;
    }

    public string CertFile { get; }
    public string KeyFile { get; }

    /// <summary>The certificate new handshakes present.</summary>
    public X509Certificate2 Certificate => _current.TargetCertificate;

    /// <exception cref="InvalidDataException">The files cannot be read or do not form a certificate and its key; the message says which.</exception>
    public static TlsCertificateSource Load(string certFile, string keyFile)
    {
        var (certBytes, keyBytes) = Read(certFile, keyFile);
        return new TlsCertificateSource(certFile, keyFile, Build(certFile, keyFile, certBytes, keyBytes), certBytes, keyBytes);
    }

    /// <summary>Kestrel's per-connection TLS setup: every handshake takes the certificate current at that moment.</summary>
    public TlsHandshakeCallbackOptions HandshakeOptions() => new()
    {
        OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
        {
            ServerCertificateContext = _current,
            ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
        }),
    };

    /// <summary>Re-reads the files; swaps the certificate if they changed and load.</summary>
    public CertificateCheck Check()
    {
        byte[] certBytes, keyBytes;
        try
        {
            (certBytes, keyBytes) = Read(CertFile, KeyFile);
        }
        catch (InvalidDataException e)
        {
            return new CertificateCheck(false, e.Message); // mid-swap or briefly unreadable
        }
        if (certBytes.AsSpan().SequenceEqual(_certBytes) && keyBytes.AsSpan().SequenceEqual(_keyBytes))
            return new CertificateCheck(false, null);
        try
        {
            _current = Build(CertFile, KeyFile, certBytes, keyBytes);
        }
        catch (InvalidDataException e)
        {
            return new CertificateCheck(false, e.Message);
        }
        _certBytes = certBytes;
        _keyBytes = keyBytes;
        return new CertificateCheck(true, null);
    }

    private static (byte[] Cert, byte[] Key) Read(string certFile, string keyFile)
    {
        try
        {
            return (File.ReadAllBytes(certFile), File.ReadAllBytes(keyFile));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"cannot read the TLS certificate or key ({e.Message}); check --tls-cert-file {certFile} and --tls-key-file {keyFile}");
        }
    }

    private static SslStreamCertificateContext Build(string certFile, string keyFile, byte[] certBytes, byte[] keyBytes)
    {
        try
        {
            var certPem = System.Text.Encoding.UTF8.GetString(certBytes);
            var leaf = X509Certificate2.CreateFromPem(certPem, System.Text.Encoding.UTF8.GetString(keyBytes));
            var all = new X509Certificate2Collection();
            all.ImportFromPem(certPem);
            var intermediates = new X509Certificate2Collection();
            foreach (var c in all.Skip(1))
                intermediates.Add(c);
            return SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
        }
        catch (CryptographicException e)
        {
            throw new InvalidDataException($"{certFile} and {keyFile} are not a PEM certificate and its private key: {e.Message}");
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{certFile} and {keyFile} are not a PEM certificate and its private key: {e.Message}");
        }
    }
}
