namespace KubeApiExporter.Configuration;

/// <summary>The whole <c>exporter.yaml</c>, as deserialised (README, "Configuration"). Validation lives in the Host's ConfigLoader.</summary>
public sealed record ExporterConfig
{
    public int Port { get; init; } = 8080;
    public string Prefix { get; init; } = "k8s";
    public List<string> Namespaces { get; init; } = [];
    public List<ResourceConfig> Resources { get; init; } = [];
}
