namespace KubeApiExporter.Host.Http;

/// <summary>The outcome of re-reading the TLS files: swapped to a new certificate, or kept the current one (with why, on error).</summary>
public sealed record CertificateCheck(bool Reloaded, string? Error);
