namespace KubeApiExporter.Host.Http;

/// <summary>
/// Polls the TLS certificate and key files by content (a mounted Secret changes by a symlink swap, as
/// a ConfigMap does, which inode watches miss) and logs each swap or refused change once.
/// </summary>
public sealed class TlsReloadService(TlsCertificateSource source, TimeProvider time, ILogger<TlsReloadService> logger) : BackgroundService
{
    /// <summary>How often the files are read; cheap (two small files), and cert-manager rotates long before expiry.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogCertificate("Serving TLS with");
        string? lastError = null;
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var check = source.Check();
                if (check.Reloaded)
                {
                    lastError = null;
                    LogCertificate("TLS certificate reloaded:");
                }
                else if (check.Error is { } error && error != lastError)
                {
                    lastError = error;
                    logger.LogError("TLS certificate change refused, still serving {Subject} (serial {Serial}): {Error}",
                        source.Certificate.Subject, source.Certificate.SerialNumber, error);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void LogCertificate(string what)
    {
        var c = source.Certificate;
        logger.LogInformation("{What} {Subject} (serial {Serial}, valid until {NotAfter:o}) from {CertFile}", what, c.Subject, c.SerialNumber, c.NotAfter.ToUniversalTime(), source.CertFile);
        if (c.NotAfter.ToUniversalTime() < time.GetUtcNow().UtcDateTime)
            logger.LogWarning("The TLS certificate {Subject} expired at {NotAfter:o}: scrapers that verify it will fail", c.Subject, c.NotAfter.ToUniversalTime());
    }
}
