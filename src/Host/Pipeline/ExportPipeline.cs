using System.Text.Json;
using System.Threading.Tasks.Dataflow;
using k8s;
using KubeApiExporter.Fetcher;
using KubeApiExporter.Flattener;
using KubeApiExporter.Registry;
using Microsoft.Extensions.Logging;

namespace KubeApiExporter.Host.Pipeline;

/// <summary>
/// The Dataflow pipeline: a fetch block per watch target (list + watch) → one parallel,
/// order-keeping flatten block → the single registry sink. Bounded everywhere, so a slow sink
/// pushes back on the watches instead of growing memory. A config is applied as a diff: added
/// resources start, removed ones stop and their series go, changed ones re-list with the new rules;
/// untouched resources keep their watches.
/// </summary>
public sealed class ExportPipeline : IAsyncDisposable
{
    private sealed record RunningFetcher(ResourceWatcher Watcher, BufferBlock<FetchedChange> Block, IDisposable Link, CancellationTokenSource Stop, Task Task);

    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<WatchTarget, RunningFetcher> _fetchers = [];
    private readonly TransformBlock<FetchedChange, SinkCommand> _flatten;
    private readonly ActionBlock<SinkCommand> _sinkBlock;
    private readonly ObjectRenderer _renderer;
    private readonly RegistrySink _sink;
    private readonly IKubernetes _client;
    private readonly ExporterMetrics _metrics;
    private readonly ResourceStatusBoard _board;
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _time;
    private readonly WatcherOptions _options;
    private readonly ApiServerLiveness _liveness;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Dictionary<string, string> _resourceFingerprints = [];
    private int _renderFailuresLogged;

    public ExportPipeline(
        IKubernetes client,
        SeriesStore store,
        ExporterMetrics metrics,
        ResourceStatusBoard board,
        ILoggerFactory loggers,
        TimeProvider time,
        WatcherOptions options,
        ShardFilter shard)
    {
        _client = client;
        _metrics = metrics;
        _board = board;
        _loggers = loggers;
        _time = time;
        _options = options;
        _liveness = new ApiServerLiveness(client, time, options.ProbeTimeout);
        _logger = loggers.CreateLogger("KubeApiExporter.Pipeline");
        _renderer = new ObjectRenderer(shard, store);
        _sink = new RegistrySink(store, _renderer, metrics, board, _logger, time);
        var token = _stop.Token;

        _flatten = new TransformBlock<FetchedChange, SinkCommand>(RenderSafely,
            new ExecutionDataflowBlockOptions
            {
                MaxDegreeOfParallelism = Environment.ProcessorCount,
                // Two updates of one object must never overtake each other.
                EnsureOrdered = true,
                BoundedCapacity = Environment.ProcessorCount * 256,
                CancellationToken = token,
            });
        _sinkBlock = new ActionBlock<SinkCommand>(_sink.Apply,
            new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = 1, BoundedCapacity = 4096, CancellationToken = token });
        // One unfiltered link: skips travel to the sink, which ignores them. A second, discarding link
        // would take every command the bounded sink postpones (measured: 345 of 110,000 objects lost
        // during a fast initial list).
        _flatten.LinkTo(_sinkBlock, new DataflowLinkOptions { PropagateCompletion = true });
        _ = _sinkBlock.Completion.ContinueWith(t =>
        {
            if (!_stop.IsCancellationRequested)
                _failed.TrySetException(t.Exception?.Flatten().InnerExceptions ?? [new InvalidOperationException("the registry sink stopped")]);
        }, TaskScheduler.Default);
    }

    /// <summary>The watch targets running now.</summary>
    public IReadOnlyList<WatchTarget> Targets => _fetchers.Keys.ToList();

    /// <summary>Faults when a block or watcher fails unexpectedly (fatal: the process exits 1).</summary>
    public Task Failure => _failed.Task;

    /// <summary>Applies a validated config (the first one, or a reload). Not thread-safe: one caller at a time.</summary>
    public async Task<ConfigChange> ApplyAsync(ExporterConfig config)
    {
        var fingerprints = config.Resources.ToDictionary(r => r.Name, r => Fingerprint(config, r));
        var added = fingerprints.Keys.Where(n => !_resourceFingerprints.ContainsKey(n)).ToList();
        var removed = _resourceFingerprints.Keys.Where(n => !fingerprints.ContainsKey(n)).ToList();
        var changed = fingerprints.Keys.Where(n => _resourceFingerprints.TryGetValue(n, out var old) && old != fingerprints[n]).ToList();

        var targets = WatchTargets.For(config);
        var stale = _fetchers.Keys.Where(t => removed.Contains(t.Resource) || changed.Contains(t.Resource) || !targets.Contains(t)).ToList();
        foreach (var target in stale)
            await StopFetcherAsync(target);

        // New rules first: in-flight objects of a removed resource are then skipped by the renderer and the sink.
        _renderer.Resources = config.Resources.ToDictionary(r => r.Name, r => CompiledResource.Compile(config.Prefix, r));
        foreach (var resource in removed)
        {
            var outcome = _sink.RemoveResource(resource);
            _metrics.ForgetResource(resource);
            _logger.LogInformation("{Resource}: removed from the config; {Series} series of {Objects} objects dropped", resource, outcome.SeriesRemoved, outcome.ObjectsRemoved);
        }
        foreach (var target in stale.Where(t => !removed.Contains(t.Resource) && !targets.Any(n => n.Resource == t.Resource && n.Scope == t.Scope)))
            _sink.RemoveScope(target.Resource, target.Scope);

        foreach (var target in targets.Where(t => !_fetchers.ContainsKey(t)))
            StartFetcher(target);
        _resourceFingerprints = fingerprints;
        return new ConfigChange(added, removed, changed);
    }

    private void StartFetcher(WatchTarget target)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var block = new BufferBlock<FetchedChange>(new DataflowBlockOptions { BoundedCapacity = 512, CancellationToken = stop.Token });
        var link = block.LinkTo(_flatten);
        var watcher = new ResourceWatcher(_client, target, block, _board, _loggers.CreateLogger("KubeApiExporter.Watch"), _time, _options, _liveness, Random.Shared);
        _board.Track(target);
        var task = Task.Run(async () =>
        {
            try
            {
                await watcher.RunAsync(stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                _failed.TrySetException(e);
            }
        });
        _fetchers[target] = new RunningFetcher(watcher, block, link, stop, task);
    }

    private async Task StopFetcherAsync(WatchTarget target)
    {
        var f = _fetchers[target];
        _fetchers.Remove(target);
        f.Link.Dispose(); // what the watcher buffered but the flatten block has not taken is dropped
        await f.Stop.CancelAsync();
        await f.Task;
        f.Stop.Dispose();
        _board.Forget(target);
    }

    /// <summary>Identity of a resource's effective settings: any difference means a re-list with new rules.</summary>
    private static string Fingerprint(ExporterConfig config, ResourceConfig resource) =>
        JsonSerializer.Serialize(new { config.Prefix, resource, resource.Namespaced });

    private SinkCommand RenderSafely(FetchedChange change)
    {
        try
        {
            return _renderer.Render(change);
        }
        catch (Exception e)
        {
            // Keep what the store holds for this object; one hostile object must not stop the pipeline.
            if (Interlocked.Increment(ref _renderFailuresLogged) <= 10)
                _logger.LogError(e, "{Resource}: could not flatten an object; its previous series are kept", change.Target.Resource);
            return SinkCommand.Skip(change);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_fetchers.Values.Select(f => f.Task)).WaitAsync(TimeSpan.FromSeconds(3));
        }
        catch (Exception)
        {
            // Shutting down: watchers end with cancellation; nothing else to report.
        }
        _stop.Dispose();
    }
}
