namespace KubeApiExporter.KubeApiServer;

/// <summary>
/// Replaces the console lifetime: a test server inside an xunit process must not grab
/// Ctrl+C/SIGTERM, and many servers may run in one process. Start and stop are ours.
/// </summary>
internal sealed class ManualHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
