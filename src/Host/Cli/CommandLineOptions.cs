using KubeApiExporter.Registry;

namespace KubeApiExporter.Host.Cli;

/// <summary>The parsed command line (README, "Running against a cluster") (plus the <c>render</c> subcommand).</summary>
public sealed record CommandLineOptions
{
    public string ConfigPath { get; init; } = "exporter.yaml";
    public string? Kubeconfig { get; init; }
    public int? Port { get; init; }
    public int Shard { get; init; }
    public int TotalShards { get; init; } = 1;
    public string LogLevel { get; init; } = "Information";
    public bool CheckConfig { get; init; }
    public bool Help { get; init; }
    public bool Version { get; init; }
    /// <summary>PEM certificate (leaf first, then intermediates) to serve HTTPS with; null serves plain HTTP.</summary>
    public string? TlsCertFile { get; init; }
    /// <summary>PEM private key of <see cref="TlsCertFile"/>.</summary>
    public string? TlsKeyFile { get; init; }
    /// <summary>True for <c>--scrape-auth kubernetes</c>: /metrics and / need a bearer token allowed <c>get</c> on /metrics (TokenReview + SubjectAccessReview).</summary>
    public bool ScrapeAuth { get; init; }
    /// <summary>Set for <c>render FILE|-</c>: flatten kubectl JSON and print the exposition.</summary>
    public string? RenderInput { get; init; }
    /// <summary>For <c>render</c>: the config resource to use instead of matching apiVersion and kind.</summary>
    public string? RenderResource { get; init; }
    /// <summary>For <c>render</c>: <c>--format openmetrics</c> prints what an OpenMetrics scrape would get.</summary>
    public ExpositionFormat RenderFormat { get; init; } = ExpositionFormat.PrometheusText;
}
