using k8s;
using KubeApiExporter.Fetcher;
using KubeApiExporter.Flattener;
using KubeApiExporter.Host.Pipeline;
using KubeApiExporter.Registry;

namespace KubeApiExporter.Host;

/// <summary>
/// Runs the export pipeline of the current config for the life of the process. A failure of the
/// pipeline is fatal: it is logged and the process exits 1 (the Generic Host alone would exit 0).
/// </summary>
public sealed class ExporterService(
    ExporterConfig config,
    IKubernetes client,
    SeriesStore store,
    ExporterMetrics metrics,
    ResourceStatusBoard board,
    ILoggerFactory loggers,
    TimeProvider time,
    WatcherOptions watcherOptions,
    ShardFilter shard,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<ExporterService>();
    private volatile bool _started;

    public bool Started => _started;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var resources = config.Resources.Select(r => r.Name).ToArray();
        metrics.Registry.AddBeforeCollectCallback(() =>
        {
            foreach (var r in resources)
            {
                metrics.Objects.WithLabels(r).Set(store.ObjectCount(r));
                metrics.Series.WithLabels(r).Set(store.SeriesCount(r));
            }
        });
        try
        {
            await using var pipeline = new ExportPipeline(config, client, store, metrics, board, loggers, time, watcherOptions, shard);
            foreach (var target in pipeline.Targets)
                board.Track(target);
            pipeline.Start();
            _started = true;
            _logger.LogInformation("Watching {Targets} targets: {List}", pipeline.Targets.Count, string.Join("; ", pipeline.Targets.Select(t => $"{t.Resource}={t}")));
            await pipeline.Completion.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _logger.LogCritical(e, "The export pipeline failed; exiting with code 1");
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }
}
