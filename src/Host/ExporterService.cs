using KubeApiExporter.Configuration;
using KubeApiExporter.Host.Pipeline;

namespace KubeApiExporter.Host;

/// <summary>
/// Runs the export pipeline for the life of the process and reloads the config when its file
/// changes (a mounted ConfigMap is updated by a symlink swap, so the file is polled by content
/// rather than watched by inode). A bad file is refused and the running config stays. A failure of
/// the pipeline is fatal: it is logged and the process exits 1 (the Generic Host alone would exit 0).
/// </summary>
public sealed class ExporterService(
    ExporterConfig config,
    ConfigFile configFile,
    ExportPipeline pipeline,
    ExporterMetrics metrics,
    ILogger<ExporterService> logger,
    TimeProvider time,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    /// <summary>How often the config file is checked for a change.</summary>
    public static readonly TimeSpan ReloadInterval = TimeSpan.FromSeconds(2);

    private volatile bool _started;
    private ExporterConfig _config = config;

    public bool Started => _started;

    /// <summary>The config in force (the last one applied; for the status page).</summary>
    public ExporterConfig Config => _config;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await pipeline.ApplyAsync(_config);
            _started = true;
            logger.LogInformation("Watching {Targets} targets: {List}", pipeline.Targets.Count, string.Join("; ", pipeline.Targets.Select(t => $"{t.Name}={t}")));
            var reloads = ReloadLoopAsync(stoppingToken);
            // Rethrows whichever ends first: a pipeline failure (fatal), or the reload loop's cancellation on stop.
            await await Task.WhenAny(pipeline.Failure, reloads);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogCritical(e, "The export pipeline failed; exiting with code 1");
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
        finally
        {
            // Watchers stop with the service, not later with the container.
            await pipeline.DisposeAsync();
        }
    }

    private async Task ReloadLoopAsync(CancellationToken ct)
    {
        var current = configFile;
        using var timer = new PeriodicTimer(ReloadInterval, time);
        while (await timer.WaitForNextTickAsync(ct))
        {
            ConfigFile? changed;
            try
            {
                changed = await current.ReadIfChangedAsync(ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // mid-swap or briefly unreadable: try again next tick
            }
            if (changed is null)
                continue;
            current = changed;
            var loaded = ConfigLoader.LoadText(changed.Text, changed.Path);
            if (!loaded.Ok)
            {
                metrics.ConfigReloads.WithLabels("rejected").Inc();
                logger.LogError("Config reload refused, the running config stays: {Problems}", string.Join(" | ", loaded.Problems));
                continue;
            }
            var next = loaded.Config! with { Port = _config.Port };
            if (configFile.PortOverride is null && loaded.Config!.Port != _config.Port)
                logger.LogWarning("Config reload: port {New} differs from the running port {Old}; a port change needs a restart", loaded.Config!.Port, _config.Port);
            var change = await pipeline.ApplyAsync(next);
            _config = next;
            metrics.ConfigReloads.WithLabels("applied").Inc();
            logger.LogInformation("Config reloaded: {Change}", change);
        }
    }
}
