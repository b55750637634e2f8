using k8s;
using KubeApiExporter.Fetcher;
using KubeApiExporter.Host;
using KubeApiExporter.Host.Cli;
using KubeApiExporter.Configuration;
using KubeApiExporter.Host.Http;
using KubeApiExporter.Host.Pipeline;
using KubeApiExporter.Host.ScrapeAuth;
using KubeApiExporter.Registry;

var version = typeof(ExporterService).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
var (options, errors) = CommandLine.Parse(args, Environment.GetEnvironmentVariable);
if (options is null)
{
    foreach (var e in errors)
        Console.Error.WriteLine($"kube-api-exporter: {e}");
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}
if (options.Version)
{
    Console.WriteLine(version);
    return 0;
}

var (configFile, loaded) = ConfigFile.Read(options.ConfigPath, options.Port);
if (configFile is null)
{
    foreach (var problem in loaded.Problems)
        Console.Error.WriteLine(problem);
    return 2;
}
var config = loaded.Config!;
if (options.Port is { } port)
    config = config with { Port = port };

if (options.RenderInput is not null)
    return await RenderCommand.RunAsync(config, options.RenderInput, options.RenderResource, Console.Out, Console.Error, format: options.RenderFormat);

if (options.CheckConfig)
{
    Console.WriteLine($"{options.ConfigPath}: ok");
    Console.WriteLine(ConfigSummary.Describe(config));
    Console.WriteLine();
    Console.WriteLine("ClusterRole rules this config needs (the rules: of k8s/02-clusterrole.yaml):");
    Console.Write(ClusterRoleRules.Render(config));
    return 0;
}

KubernetesClientConfiguration clusterConfig;
string clusterSource;
try
{
    clusterConfig = ClusterAccess.Resolve(options.Kubeconfig, out clusterSource);
}
catch (Exception e) when (e is FileNotFoundException or k8s.Exceptions.KubeConfigException)
{
    Console.Error.WriteLine($"kube-api-exporter: {e.Message}");
    return 2;
}

TlsCertificateSource? tls = null;
if (options.TlsCertFile is not null)
{
    try
    {
        tls = TlsCertificateSource.Load(options.TlsCertFile, options.TlsKeyFile!);
    }
    catch (InvalidDataException e)
    {
        Console.Error.WriteLine($"kube-api-exporter: {e.Message}");
        return 2;
    }
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.Logging.AddJsonConsole(o =>
{
    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
    o.UseUtcTimestamp = true;
});
builder.Logging.SetMinimumLevel(Enum.Parse<LogLevel>(options.LogLevel, ignoreCase: true));
// Kestrel and routing log every request at Information: that is spam at a 15 s scrape interval.
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
builder.WebHost.ConfigureKestrel(k => k.ListenAnyIP(config.Port, listen =>
{
    if (tls is not null)
        listen.UseHttps(tls.HandshakeOptions());
}));
if (tls is not null)
{
    builder.Services.AddSingleton(tls);
    builder.Services.AddHostedService<TlsReloadService>();
}
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(4));
builder.Services.AddSingleton(config);
builder.Services.AddSingleton(configFile);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(KubernetesClientFactory.Create(clusterConfig));
builder.Services.AddSingleton<SeriesRegistry>();
builder.Services.AddSingleton(new ExporterMetrics(version));
builder.Services.AddSingleton<ResourceStatusBoard>();
builder.Services.AddSingleton(new WatcherOptions());
builder.Services.AddSingleton(new ShardFilter(options.Shard, options.TotalShards));
builder.Services.AddSingleton<ExportPipeline>();
builder.Services.AddSingleton<ExporterService>();
if (options.ScrapeAuth)
{
    builder.Services.AddSingleton<IAccessReviewer, KubernetesAccessReviewer>();
    builder.Services.AddSingleton<ScrapeGuard>();
}
builder.Services.AddHostedService(sp => sp.GetRequiredService<ExporterService>());

var app = builder.Build();
if (options.ScrapeAuth)
{
    var guard = app.Services.GetRequiredService<ScrapeGuard>();
    app.Use((ctx, next) => ScrapeGuardMiddleware.InvokeAsync(ctx, next, guard));
}
var statusPage = new StatusPage(version, clusterConfig.Host, options.TotalShards > 1 ? $"{options.Shard} of {options.TotalShards}" : "none (unsharded)", TimeProvider.System);
// Plain RequestDelegates over singletons resolved once: a handler with parameters to bind is compiled by
// RequestDelegateFactory from expression trees at start-up, which mapped System.Linq.Expressions and
// JIT-compiled code for four fixed routes (bench/README.md, "Start-up memory and CPU on the real control plane").
var board = app.Services.GetRequiredService<ResourceStatusBoard>();
var service = app.Services.GetRequiredService<ExporterService>();
var store = app.Services.GetRequiredService<SeriesRegistry>();
var metrics = app.Services.GetRequiredService<ExporterMetrics>();
app.MapGet("/", ctx => statusPage.Handle(ctx, board, service, store).ExecuteAsync(ctx));
app.MapGet("/metrics", ctx => MetricsEndpoint.WriteAsync(ctx, store, metrics));
app.MapGet("/healthz", ctx => HealthEndpoints.Healthz().ExecuteAsync(ctx));
app.MapGet("/readyz", ctx => HealthEndpoints.Readyz(board, service).ExecuteAsync(ctx));

var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("KubeApiExporter");
log.LogInformation("kube-api-exporter {Version} starting: config {Config}, cluster {Server} via {Source}, port {Port} ({Scheme}, scrape auth {ScrapeAuth}), shard {Shard}/{TotalShards}",
    version, Path.GetFullPath(options.ConfigPath), clusterConfig.Host, clusterSource, config.Port, tls is null ? "http" : "https",
    options.ScrapeAuth ? "kubernetes" : "none", options.Shard, options.TotalShards);
try
{
    await app.RunAsync();
}
catch (Exception e)
{
    log.LogCritical(e, "Fatal: {Error}", e.Message);
    return 1;
}
log.LogInformation("kube-api-exporter stopped (exit code {ExitCode})", Environment.ExitCode);
return Environment.ExitCode;
