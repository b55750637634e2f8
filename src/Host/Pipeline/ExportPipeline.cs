using System.Threading.Tasks.Dataflow;
using k8s;
using KubeApiExporter.Fetcher;
using KubeApiExporter.Flattener;
using KubeApiExporter.Registry;
using Microsoft.Extensions.Logging;

namespace KubeApiExporter.Host.Pipeline;

/// <summary>
/// One config generation's Dataflow pipeline: a fetch block per watch target (list + watch) →
/// one parallel, order-keeping flatten block → the single registry sink. Bounded everywhere, so a
/// slow sink pushes back on the watches instead of growing memory. One token stops it all (faults
/// travel only downstream in Dataflow).
/// </summary>
public sealed class ExportPipeline : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(ResourceWatcher Watcher, BufferBlock<FetchedChange> Block)> _fetchers = [];
    private readonly TransformBlock<FetchedChange, SinkCommand> _flatten;
    private readonly ActionBlock<SinkCommand> _sink;
    private readonly ILogger _logger;
    private readonly List<Task> _running = [];
    private int _renderFailuresLogged;

    public ExportPipeline(
        ExporterConfig config,
        IKubernetes client,
        SeriesStore store,
        ExporterMetrics metrics,
        ResourceStatusBoard board,
        ILoggerFactory loggers,
        TimeProvider time,
        WatcherOptions options,
        ShardFilter shard)
    {
        _logger = loggers.CreateLogger("KubeApiExporter.Pipeline");
        var resources = config.Resources.ToDictionary(r => r.Name, r => CompiledResource.Compile(config.Prefix, r));
        var renderer = new ObjectRenderer(resources, shard);
        var sink = new RegistrySink(store, metrics, _logger, time);
        var token = _stop.Token;

        _flatten = new TransformBlock<FetchedChange, SinkCommand>(change => RenderSafely(renderer, change),
            new ExecutionDataflowBlockOptions
            {
                MaxDegreeOfParallelism = Environment.ProcessorCount,
                // Two updates of one object must never overtake each other.
                EnsureOrdered = true,
                BoundedCapacity = Environment.ProcessorCount * 256,
                CancellationToken = token,
            });
        _sink = new ActionBlock<SinkCommand>(sink.Apply,
            new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = 1, BoundedCapacity = 4096, CancellationToken = token });
        _flatten.LinkTo(_sink, new DataflowLinkOptions { PropagateCompletion = true }, c => !c.IsSkip);
        _flatten.LinkTo(DataflowBlock.NullTarget<SinkCommand>());

        Targets = WatchTargets.For(config);
        foreach (var target in Targets)
        {
            var block = new BufferBlock<FetchedChange>(new DataflowBlockOptions { BoundedCapacity = 512, CancellationToken = token });
            block.LinkTo(_flatten);
            var watcher = new ResourceWatcher(client, target, block, board, loggers.CreateLogger("KubeApiExporter.Watch"), time, options, Random.Shared);
            _fetchers.Add((watcher, block));
        }
    }

    public IReadOnlyList<WatchTarget> Targets { get; }

    /// <summary>Completes when the pipeline stops; faults if a block or watcher fails unexpectedly.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    public void Start()
    {
        foreach (var (watcher, _) in _fetchers)
            _running.Add(Task.Run(() => watcher.RunAsync(_stop.Token)));
        _running.Add(_sink.Completion);
        Completion = WatchForFailure();
    }

    private async Task WatchForFailure()
    {
        // Any task ending while we have not been asked to stop is a fatal failure of the pipeline.
        var first = await Task.WhenAny(_running);
        if (_stop.IsCancellationRequested)
            return;
        await first; // rethrows a fault
        throw new InvalidOperationException("a pipeline task ended unexpectedly");
    }

    private SinkCommand RenderSafely(ObjectRenderer renderer, FetchedChange change)
    {
        try
        {
            return renderer.Render(change);
        }
        catch (Exception e)
        {
            // Keep what the store holds for this object; one hostile object must not stop the pipeline.
            if (Interlocked.Increment(ref _renderFailuresLogged) <= 10)
                _logger.LogError(e, "{Resource}: could not flatten an object; its previous series are kept", change.Target.Resource);
            return new SinkCommand(ChangeKind.Upsert, change.Target, change.Generation, null, null, change.ReceivedTimestamp);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await Task.WhenAll(_running).WaitAsync(TimeSpan.FromSeconds(3));
        }
        catch (Exception)
        {
            // Cancellation ends every task with OperationCanceledException; nothing else to report on shutdown.
        }
        _stop.Dispose();
    }
}
