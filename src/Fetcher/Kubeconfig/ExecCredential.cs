namespace KubeApiExporter.Fetcher.Kubeconfig;

/// <summary>What a client-go credential plugin answered (its ExecCredential's status): a token and/or a client certificate (PEM).</summary>
public sealed record ExecCredential(string? Token, string? ClientCertificatePem, string? ClientKeyPem, DateTimeOffset? ExpiresAt);
