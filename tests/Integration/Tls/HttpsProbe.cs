using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace KubeApiExporter.Tests.Integration.Tls;

/// <summary>
/// One HTTPS request on a fresh connection (so each sees the certificate current at its handshake),
/// verifying the server against the test CA and the name 127.0.0.1, as a scraper with a ca_file does.
/// </summary>
public static class HttpsProbe
{
    public sealed record Result(int StatusCode, string Body, string Serial, TimeSpan Elapsed);

    public static async Task<Result> GetAsync(Uri url, X509Certificate2 ca, string? bearerToken = null)
    {
        string? serial = null;
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                        return false;
                    using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    serial = leaf.SerialNumber;
                    return chain.Build(leaf);
                },
            },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (bearerToken is not null)
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearerToken);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new Result((int)response.StatusCode, body, serial ?? "", watch.Elapsed);
    }
}
